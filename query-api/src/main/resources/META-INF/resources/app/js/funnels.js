import { h, mount, form, field, table, fmt } from './dom.js';
import { get, qs } from './api.js';
import { readKey } from './readkey.js';
import { lineChart } from './chart.js';

const RANGES = ['30d', '7d', '24h', '3m', '12m', 'all'];

/** Funnels (with the largest drop-offs in red), the retention heatmap, DAU and revenue, a user's sessions. */
export async function show(body, ctx) {
  const render = async key => {
    if (!key) return;
    const out = h('div');
    const pick = form([field('Range', 'range', { options: RANGES }), field('Funnel window', 'window', { value: '7d' }),
      field('Retention by', 'interval', { options: ['day', 'week'] })], 'Show', v => load(key, v, out));
    const sessions = h('section', {}, h('h2', {}, 'Sessions of a user'),
      form([field('User id', 'user_id', { required: true })], 'Find sessions', async v => {
        const { sessions: list, count } = await get(`/sessions${qs({ user_id: v.user_id, range: 'all' })}`, key);
        sessions.querySelector('.result')?.remove();
        sessions.append(h('div', { class: 'result' }, h('p', {}, `${count} sessions`), table([
          ['Start', s => fmt.time(s.start)], ['Duration', s => `${Math.round(s.duration_ms / 1000)} s`, { num: true }],
          ['Events', s => s.event_count, { num: true }], ['Entry', s => s.entry_action], ['Exit', s => s.exit_action]], list)));
      }));
    mount(body, pick, out, sessions);
    await load(key, { range: '30d', window: '7d', interval: 'day' }, out)
      .catch(e => mount(out, h('p', { class: 'error', role: 'alert' }, e.message)));
  };
  const key = readKey(ctx, body, render);
  if (key) await render(key);
}

async function load(key, v, out) {
  const range = qs({ range: v.range });
  const [funnels, retention, dau, revenue] = await Promise.all([
    get(`/funnel${qs({ range: v.range, window: v.window })}`, key),
    get(`/retention${qs({ interval: v.interval, range: v.range === '24h' ? '7d' : v.range })}`, key),
    get(`/dau${range}`, key), get(`/revenue${range}`, key)]);
  mount(out,
    h('h2', {}, 'Funnels'),
    funnels.funnels.length ? funnels.funnels.map(funnelTable) : h('p', { class: 'muted' }, 'No funnels yet: send events with a "funnel".'),
    h('h2', {}, 'Retention'), heatmap(retention),
    h('div', { class: 'grid2' },
      lineChart('Daily active users', dau.days.map(d => d.day), [{ label: 'users', values: dau.days.map(d => d.users) }]),
      lineChart('Revenue per day', revenue.days.map(d => d.day), [{ label: 'revenue', values: revenue.days.map(d => d.revenue) }])));
}

/** Steps with users, completion and churn; the step(s) with the largest churn are the drop-offs marked in red. */
export function funnelTable(f) {
  const worst = Math.max(0, ...f.steps.map(s => s.churn_pct));
  const isDrop = s => worst > 0 && s.churn_pct === worst;
  return h('section', { class: 'funnel', 'data-funnel': f.funnel },
    h('h3', {}, `${f.funnel}: ${fmt.pct(f.conversion_pct)} convert`),
    table([['Step', s => s.step, { num: true }], ['Action', s => s.action], ['Users', s => fmt.num(s.users), { num: true }],
      ['Completion', s => fmt.pct(s.completion_pct), { num: true }],
      ['Churn', s => isDrop(s) ? h('span', {}, fmt.pct(s.churn_pct), h('span', { class: 'visually-hidden' }, ' (largest drop-off)')) : fmt.pct(s.churn_pct),
        { num: true, cls: s => isDrop(s) ? 'drop' : '' }]], f.steps));
}

function heatmap(r) {
  if (!r.cohorts.length) return h('p', { class: 'muted' }, 'No cohorts in this range.');
  const periods = Math.max(...r.cohorts.map(c => c.retained.length));
  const cols = [['Cohort', c => c.cohort], ['Users', c => fmt.num(c.size), { num: true }]];
  for (let k = 0; k < periods; k++) {
    cols.push([`${r.interval === 'week' ? 'W' : 'D'}${k}`, c => cell(c.retained_pct[k]), { num: true }]);
  }
  return h('div', { class: 'heat' }, table(cols, r.cohorts, `Share of each cohort active ${r.interval}s later`));
}

function cell(pct) {
  if (pct === undefined) return '';
  // Light to dark blue with the share retained; text stays dark enough to read on every shade.
  const light = 97 - Math.round(Number(pct) * 0.45);
  const el = h('span', { class: 'heat-cell' }, fmt.pct(pct));
  el.style.background = `hsl(210 80% ${light}%)`; // set through the CSSOM: the page's CSP refuses style attributes
  return el;
}
