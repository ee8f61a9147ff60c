import { h, mount, form, field, table, toast, fmt } from './dom.js';
import { get, post, put, del } from './api.js';
import { readKey } from './readkey.js';
import { ruleBody, ruleEditor } from './editing.js';

export async function show(body, ctx) {
  const p = `/api/orgs/${ctx.org.id}/projects/${ctx.project.id}`;
  const sections = {
    usage: h('section', { 'aria-labelledby': 'h-usage' }), settings: h('section'), keys: h('section'), tokens: h('section'),
    webhooks: h('section'), alerts: h('section'), members: h('section'),
  };
  mount(body, Object.values(sections));
  await Promise.all([
    usage(sections.usage, ctx), settings(sections.settings, ctx, p), keys(sections.keys, p), tokens(sections.tokens),
    webhooks(sections.webhooks, p), alerts(sections.alerts, ctx), members(sections.members, ctx),
  ].map(s => s.catch(e => console.warn(e))));
}

/** A click handler whose failure is told in the toast rather than lost. */
const guarded = action => async () => {
  try { await action(); } catch (e) { toast(e.message); }
};

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

/** The project's name and the browser origins its public keys may send from; the plan is an operator's to change. */
async function settings(el, ctx, p) {
  const project = await get(p);
  const saved = h('p', { class: 'muted', role: 'status' });
  mount(el, h('h2', {}, 'Project settings'),
    form([field('Name', 'name', { required: true, value: project.name }),
      field('Allowed origins (one per line, e.g. https://shop.example)', 'allowed_origins',
        { textarea: true, value: (project.allowed_origins ?? []).join('\n') }),
      field('Plan', 'plan', { value: project.plan, readonly: true, 'aria-describedby': 'plan-note' })],
    'Save settings', async v => {
      const origins = v.allowed_origins.split(/[\s,]+/).filter(Boolean);
      const updated = await put(p, { name: v.name, allowed_origins: origins });
      ctx.project.name = updated.name;
      saved.textContent = `Saved ${fmt.time(new Date())}`;
      toast('Settings saved');
    }),
    h('p', { class: 'muted', id: 'plan-note' }, 'Plans are changed by an instance administrator.'), saved);
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
    mount(log, h('h3', {}, `Deliveries to ${w.url}`), d.length ? table([['Kind', r => r.kind], ['Alert', r => r.alert_id],
      ['Attempt', r => r.attempt, { num: true }], ['At', r => fmt.time(r.at)], ['Status', r => r.status, { num: true }],
      ['Outcome', r => r.outcome], ['Error', r => r.error ?? '']], d) : h('p', { class: 'muted' }, 'No deliveries yet.'));
  };
  const sendTest = w => async e => {
    const button = e.target;
    button.disabled = true;
    try {
      const sent = await post(`${p}/webhooks/${w.id}/test`);
      toast(`Test delivery ${sent.delivery_id} sent`);
      mount(log, h('p', { role: 'status' }, `Test delivery sent to ${w.url} (webhook-id ${sent.delivery_id}); `
        + 'it shows in the delivery log with kind "test" within a few seconds.'));
    } catch (err) {
      mount(log, h('p', { class: 'error', role: 'alert' }, err.message));
    } finally { button.disabled = false; }
  };
  mount(el, h('h2', {}, 'Webhooks'),
    form([field('URL', 'url', { type: 'url', required: true, placeholder: 'https://' })], 'Add endpoint', async v => {
      const w = await post(`${p}/webhooks`, { url: v.url });
      await webhooks(el, p);
      el.append(shownOnce('Signing secret', w.secret));
    }),
    table([['URL', w => w.url], ['Kinds', w => (w.kinds ?? []).join(' ')],
      ['', w => h('span', { class: 'row' },
        h('button', { type: 'button', class: 'secondary', onclick: sendTest(w) }, 'Send test'),
        h('button', { type: 'button', class: 'secondary', onclick: deliveries(w) }, 'Delivery log'),
        h('button', { type: 'button', class: 'danger', onclick: async () => { await del(`${p}/webhooks/${w.id}`); webhooks(el, p); } }, 'Delete'))]],
    list), log);
}

async function alerts(el, ctx) {
  const editor = h('div');
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
      table([['Name', r => r.name], ['Source', r => r.source], ['What', r => r.event ?? r.severity ?? r.query ?? ''],
        ['Window', r => r.window], ['When', r => `${r.condition} ${r.threshold}`], ['Enabled', r => (r.enabled ? 'yes' : 'no')],
        ['', r => h('span', { class: 'row' },
          h('button', { type: 'button', class: 'secondary', onclick: () => editor.replaceChildren(ruleEditor(r, async body => {
            await put(`/v1/alerts/${r.id}`, body, key);
            editor.replaceChildren();
            toast(`Rule "${body.name}" saved`);
            render(key);
          }, () => editor.replaceChildren())) }, 'Edit'),
          h('button', { type: 'button', class: 'secondary', onclick: guarded(async () => {
            await put(`/v1/alerts/${r.id}`, ruleBody(r, { enabled: !r.enabled }), key);
            await render(key);
          }) }, r.enabled ? 'Disable' : 'Enable'),
          h('button', { type: 'button', class: 'danger', onclick: guarded(async () => {
            if (!confirm(`Delete the rule "${r.name}"?`)) return;
            await del(`/v1/alerts/${r.id}`, key);
            await render(key);
          }) }, 'Delete'))]],
      list), editor);
  };
  const key = readKey(ctx, el, render);
  if (key) await render(key);
}

async function members(el, ctx) {
  const o = `/api/orgs/${ctx.org.id}`;
  const { members: list } = await get(`${o}/members`);
  const error = h('p', { class: 'error', role: 'alert' });
  const act = action => async () => {
    error.textContent = '';
    try { await action(); await members(el, ctx); } catch (e) { error.textContent = e.message; }
  };
  const role = m => h('select', { 'aria-label': `Role of ${m.email}`, onchange: e => act(() => put(`${o}/members/${m.user_id}`, { role: e.target.value }))() },
    ['member', 'owner'].map(r => h('option', { value: r, selected: r === m.role ? true : null }, r)));
  const remove = m => h('button', { type: 'button', class: 'danger', onclick: () => {
    if (confirm(`Remove ${m.email} from ${ctx.org.name}?`)) act(() => del(`${o}/members/${m.user_id}`))();
  } }, 'Remove');
  mount(el, h('h2', {}, 'Members and invitations'),
    table([['Email', m => m.email], ['Role', role], ['', remove]], list), error,
    form([field('Role', 'role', { options: ['member', 'owner'] })], 'Invite', async v => {
      const inv = await post(`${o}/invitations`, v);
      el.append(shownOnce('Invitation token', inv.token));
    }));
}
