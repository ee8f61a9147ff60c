// Sections of the web analytics screen that load on their own: flows, custom events, realtime visitors.
import { h, mount, table, fmt } from './dom.js';
import { get, qs } from './api.js';
import { sparkline } from './spark.js';
import { visitorLink } from './webvisitor.js';

const DEPTHS = [2, 3, 4, 5];
const REALTIME_WINDOW_MS = 5 * 60_000;
// One request per refresh; the recent-events list is capped, so its visitors are counted from its newest events.
const REALTIME_REFRESH_MS = 20_000;
const REALTIME_LIMIT = 500;
// Values a filter cannot select: direct traffic has no referrer host, an unknown country is empty.
const UNFILTERABLE = new Set(['', '(direct)']);

/** The most frequent page sequences of sessions, `depth` pages long (2 to 5). */
export function flows(base, params, pick) {
  const depth = h('select', { name: 'depth' }, DEPTHS.map(d => h('option', { value: d, selected: d === 3 }, String(d))));
  const box = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const load = async () => {
    try {
      const { items } = await get(`${base}/top-flows${qs({ ...params(), depth: depth.value })}`);
      mount(box, items.length ? table([['Pages', f => h('span', { class: 'flow' }, f.steps.map((step, i) =>
        [i ? h('span', { 'aria-hidden': 'true' }, ' → ') : null, valueCell('path', step, pick)]))],
      ['Sessions', f => fmt.num(f.count), { num: true }]], items) : h('p', { class: 'muted' }, 'No session with two page views or more.'));
    } catch (e) { mount(box, h('p', { class: 'error', role: 'alert' }, e.message)); }
  };
  depth.addEventListener('change', load);
  load();
  return h('section', { 'data-section': 'flows' }, h('h2', {}, 'Flows'),
    h('div', { class: 'row' }, h('label', {}, 'Depth (pages)', depth)), box);
}

/** Custom events with their previous-period counts and a sparkline per bucket. */
export function customEvents(base, params, pick) {
  const box = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  get(`${base}/custom-events${qs(params())}`).then(({ items, bucket }) => {
    mount(box, items.length ? table([['Event', e => valueCell('custom_event_name', e.name, pick)],
      ['Count', e => fmt.num(e.count), { num: true }], ['Previous', e => fmt.num(e.prev_count), { num: true }],
      ['Change', e => change(e.delta_pct), { num: true }],
      [`Per ${bucket}`, e => sparkline(`${e.name} per ${bucket}`, e.spark ?? [])]], items)
      : h('p', { class: 'muted' }, 'No custom events in this range.'));
  }, e => mount(box, h('p', { class: 'error', role: 'alert' }, e.message)));
  return h('section', { 'data-section': 'custom-events' }, h('h2', {}, 'Custom events'), box);
}

/** Visitors of the last five minutes (matching the filter), refreshed with one request every 20 s and by `refresh`. */
export function realtime(base, params, ctx) {
  const count = h('strong', { 'data-realtime-visitors': '' }, '–');
  const list = h('div');
  const el = h('section', { class: 'realtime', 'data-section': 'realtime', 'aria-live': 'off' },
    h('h2', {}, 'Realtime'), h('p', {}, count, ' visitors in the last 5 minutes'), list);
  const load = async () => {
    try {
      const { items } = await get(`${base}/recent-events${qs({ filter: params().filter, windowMs: REALTIME_WINDOW_MS, limit: REALTIME_LIMIT })}`);
      const latest = new Map();
      for (const e of items) if (!latest.has(e.visitor_id)) latest.set(e.visitor_id, e);
      count.textContent = fmt.num(latest.size) + (items.length === REALTIME_LIMIT ? '+' : '');
      count.dataset.realtimeVisitors = String(latest.size);
      mount(list, latest.size ? table([['Visitor', e => visitorLink(ctx, e.visitor_id)],
        ['Page', e => e.custom_event_name ?? e.path], ['Country', e => e.country_code || '–'], ['Seen', e => fmt.time(e.timestamp)]],
      [...latest.values()].slice(0, 10)) : null);
    } catch (e) { mount(list, h('p', { class: 'error', role: 'alert' }, e.message)); }
  };
  const timer = setInterval(load, REALTIME_REFRESH_MS);
  return { el, refresh: load, stop: () => clearInterval(timer) };
}

/** A value that adds `key:value` to the filter when clicked, and a button that adds `!key:value`. */
export function valueCell(key, value, pick) {
  if (value === null || value === undefined || UNFILTERABLE.has(value)) return value || '(unknown)';
  return h('span', { class: 'value-cell' },
    h('a', { class: 'filter', href: '#', 'data-filter': `${key}:${value}`, onclick: e => { e.preventDefault(); pick(key, value, false); } }, value),
    h('button', { type: 'button', class: 'mini secondary', title: 'Exclude', 'aria-label': `Exclude ${key} ${value}`,
      onclick: () => pick(key, value, true) }, '!'));
}

export function change(pct) {
  if (pct === null || pct === undefined) return h('span', { class: 'muted' }, 'new');
  return h('span', { class: `delta ${pct >= 0 ? 'up' : 'down'}` }, `${pct > 0 ? '+' : ''}${pct} %`);
}
