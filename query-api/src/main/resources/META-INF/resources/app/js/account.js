import { h, mount, form, field, table, toast, fmt } from './dom.js';
import { get, post, del } from './api.js';
import { readKey } from './readkey.js';

export async function show(body, ctx) {
  const p = `/api/orgs/${ctx.org.id}/projects/${ctx.project.id}`;
  const sections = {
    usage: h('section', { 'aria-labelledby': 'h-usage' }), keys: h('section'), tokens: h('section'),
    webhooks: h('section'), alerts: h('section'), members: h('section'),
  };
  mount(body, Object.values(sections));
  await Promise.all([
    usage(sections.usage, ctx), keys(sections.keys, p), tokens(sections.tokens),
    webhooks(sections.webhooks, p), alerts(sections.alerts, ctx), members(sections.members, ctx),
  ].map(s => s.catch(e => console.warn(e))));
}

/** A secret shown once, with a copy button. */
function shownOnce(label, secret) {
  return h('div', { class: 'secret', role: 'status' }, h('span', {}, `${label} (shown only now):`),
    h('code', { 'data-secret': '' }, secret),
    h('button', { type: 'button', class: 'secondary', onclick: async () => {
      await navigator.clipboard?.writeText(secret).catch(() => {});
      toast('Copied');
    } }, 'Copy'));
}

async function usage(el, ctx) {
  const render = async key => {
    if (!key) return;
    const info = await get('/v1/info', key);
    const u = info.usage ?? {};
    const pct = u.daily_limit ? (100 * u.events_today / u.daily_limit) : 0;
    mount(el, h('h2', { id: 'h-usage' }, 'Plan and usage'),
      h('p', {}, `Plan ${info.plan?.name ?? ctx.project.plan}: ${fmt.num(u.events_today)} events today of `
        + `${fmt.num(u.daily_limit)} allowed`),
      h('progress', { max: 100, value: Math.min(100, pct).toFixed(1), 'aria-label': 'Events today against the allowance' }));
  };
  const key = readKey(ctx, el, render);
  if (key) await render(key);
  else el.prepend(h('h2', { id: 'h-usage' }, 'Plan and usage'));
}

async function keys(el, p) {
  const { keys: list } = await get(`${p}/keys`);
  const revoke = k => async () => {
    if (!confirm(`Revoke the key "${k.name}"? Clients using it are refused within a second.`)) return;
    await del(`${p}/keys/${k.id}`);
    keys(el, p);
  };

  mount(el, h('h2', {}, 'API keys'),
    form([field('Name', 'name', { required: true }), field('Type', 'type', { options: ['secret', 'public'] }),
      field('Format', 'format', { options: ['loglogic', 'goodlogs', 'logflux'] })], 'Create key', async v => {
      const k = await post(`${p}/keys`, v);
      await keys(el, p);
      el.querySelector('.created').replaceWith(h('div', { class: 'created' }, shownOnce(`Key "${k.name}"`, k.key)));
    }),
    h('div', { class: 'created' }),
    table([['Name', k => k.name], ['Type', k => k.type], ['Key', k => h('code', {}, k.masked)],
      ['Scopes', k => (k.scopes ?? []).join(' ')], ['Created', k => fmt.time(k.created_at)],
      ['', k => k.revoked_at ? `revoked ${fmt.time(k.revoked_at)}`
        : h('button', { type: 'button', class: 'danger', onclick: revoke(k) }, 'Revoke')]], list));

}

async function tokens(el) {
  const { tokens: list } = await get('/api/tokens');
  mount(el, h('h2', {}, 'Personal access tokens'),
    form([field('Name', 'name', { required: true }), field('Expires in days', 'expires_in_days', { type: 'number', min: 1, max: 365, value: 90 })],
      'Create token', async v => {
        const t = await post('/api/tokens', { name: v.name, expires_in_days: Number(v.expires_in_days) });
        await tokens(el);
        el.append(shownOnce(`Token "${t.name}"`, t.token));
      }),
    table([['Name', t => t.name], ['Token', t => h('code', {}, t.masked)], ['Expires', t => fmt.time(t.expires_at)],
      ['', t => t.revoked_at ? 'revoked' : h('button', { type: 'button', class: 'danger', onclick: async () => {
        await del(`/api/tokens/${t.id}`);
        tokens(el);
      } }, 'Revoke')]], list));
}

async function webhooks(el, p) {
  let list;
  try {
    ({ webhooks: list } = await get(`${p}/webhooks`));
  } catch (e) {
    mount(el, h('h2', {}, 'Webhooks'), h('p', { class: 'muted' }, e.message));
    return;
  }
  const log = h('div');
  const deliveries = w => async () => {
    const { deliveries: d } = await get(`${p}/webhooks/${w.id}/deliveries?limit=50`);
    mount(log, h('h3', {}, `Deliveries to ${w.url}`), d.length ? table(Object.keys(d[0]).slice(0, 6).map(k =>
      [k, r => typeof r[k] === 'object' ? JSON.stringify(r[k]) : String(r[k] ?? '')]), d) : h('p', { class: 'muted' }, 'No deliveries yet.'));
  };
  mount(el, h('h2', {}, 'Webhooks'),
    form([field('URL', 'url', { type: 'url', required: true, placeholder: 'https://' })], 'Add endpoint', async v => {
      const w = await post(`${p}/webhooks`, { url: v.url });
      await webhooks(el, p);
      el.append(shownOnce('Signing secret', w.secret));
    }),
    table([['URL', w => w.url], ['Kinds', w => (w.kinds ?? []).join(' ')],
      ['', w => h('span', { class: 'row' },
        h('button', { type: 'button', class: 'secondary', onclick: deliveries(w) }, 'Delivery log'),
        h('button', { type: 'button', class: 'danger', onclick: async () => { await del(`${p}/webhooks/${w.id}`); webhooks(el, p); } }, 'Delete'))]],
    list), log);
}

async function alerts(el, ctx) {
  const render = async key => {
    if (!key) return;
    const { alerts: list } = await get('/v1/alerts', key);
    mount(el, h('h2', {}, 'Alert rules'),
      form([field('Name', 'name', { required: true }), field('Source', 'source', { options: ['events', 'logs'] }),
        field('Event (events) / severity (logs)', 'what', { required: true }), field('Window', 'window', { value: '5m', pattern: '[0-9]+[smhd]' }),
        field('Condition', 'condition', { options: ['above', 'below'] }), field('Threshold', 'threshold', { type: 'number', min: 0, value: 10 })],
      'Add rule', async v => {
        const rule = { name: v.name, source: v.source, window: v.window, condition: v.condition, threshold: Number(v.threshold) };
        rule[v.source === 'events' ? 'event' : 'severity'] = v.what;
        await post('/v1/alerts', rule, key);
        render(key);
      }),
      table([['Name', r => r.name], ['Source', r => r.source], ['What', r => r.event ?? r.severity ?? ''],
        ['Window', r => r.window], ['When', r => `${r.condition} ${r.threshold}`], ['Enabled', r => String(r.enabled)],
        ['', r => h('button', { type: 'button', class: 'danger', onclick: async () => { await del(`/v1/alerts/${r.id}`, key); render(key); } }, 'Delete')]],
      list));
  };
  const key = readKey(ctx, el, render);
  if (key) await render(key);
}

async function members(el, ctx) {
  const o = `/api/orgs/${ctx.org.id}`;
  const { members: list } = await get(`${o}/members`);
  mount(el, h('h2', {}, 'Members and invitations'),
    table([['Email', m => m.email], ['Role', m => m.role]], list),
    form([field('Role', 'role', { options: ['member', 'owner'] })], 'Invite', async v => {
      const inv = await post(`${o}/invitations`, v);
      el.append(shownOnce('Invitation token', inv.token));
    }));
}
