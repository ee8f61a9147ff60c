import { h, mount, table, fmt } from './dom.js';
import { get, qs } from './api.js';
import { lineChart } from './chart.js';
import * as terms from './webfilter.js';
import { flows, customEvents, realtime, valueCell, change } from './webparts.js';
import { showVisitor, visitorLink } from './webvisitor.js';

const RANGES = ['24h', '1h', '7d', '30d', '3m', '12m', 'all'];
// Top list, its heading, its value field, and the filter key a click on a value adds (referrers: a free-text
// search of the host, which is what the list shows).
const TOPS = [['top-pages', 'Top pages', 'path', 'path'], ['top-referrers', 'Top referrers', 'referrer', 'search'],
  ['top-countries', 'Top countries', 'country', 'country'], ['top-browsers', 'Top browsers', 'browser', 'browser'],
  ['top-os', 'Top operating systems', 'os', 'os'], ['top-devices', 'Top devices', 'device', 'device'],
  ['top-entry-pages', 'Entry pages', 'path', 'path'], ['top-exit-pages', 'Exit pages', 'path', 'path']];
const KPIS = [['visitors', 'Visitors'], ['pageviews', 'Page views'], ['sessions', 'Sessions'],
  ['bounceRate', 'Bounce rate'], ['avgDurationSec', 'Avg. duration (s)']];

/** Loguro's web analytics of the project (read with the user's JWT, by project slug). */
export async function show(body, ctx) {
  const base = `/api/web-events/${encodeURIComponent(ctx.project.slug)}`;
  if (ctx.args?.[0] === 'visitor' && ctx.args[1]) return showVisitor(body, ctx, base, ctx.args[1]);
  const out = h('div');
  const filter = h('input', { name: 'filter', placeholder: 'e.g. country:RO path:/pricing', size: 40 });
  const range = h('select', { name: 'range' }, RANGES.map(r => h('option', { value: r }, r)));
  const error = h('p', { class: 'error', role: 'alert' });
  const chipBox = h('div');
  const controls = h('form', { class: 'inline' }, h('label', {}, 'Range', range), h('label', {}, 'Filter', filter),
    h('button', { type: 'submit' }, 'Apply'), error);
  const params = () => ({ range: range.value, filter: filter.value.trim() });

  const setTerms = list => { filter.value = terms.format(list); load(); };
  // A click adds to the terms; a filter typed wrong (the server says why) gets the new term after it as typed.
  const pick = (key, value, neg) => {
    const list = terms.parse(filter.value);
    if (list) return setTerms(terms.add(list, key, value, neg));
    filter.value = `${filter.value.trim()} ${terms.term({ neg, key, values: [value] })}`;
    return load();
  };
  let loads = 0; // a newer load wins over an older one still in flight
  const load = async () => {
    const seq = ++loads;
    error.textContent = '';
    const list = terms.parse(filter.value);
    mount(chipBox, list?.length ? terms.chips(list, i => setTerms(list.filter((_, j) => j !== i))) : null);
    const q = qs(params());
    const compared = qs({ ...params(), compare: 1 });
    live.refresh();
    try {
      const [kpis, series, visitors, ...tops] = await Promise.all([get(`${base}/kpis${q}`), get(`${base}/timeseries${compared}`),
        get(`${base}/top-locations${qs({ ...params(), limit: 20 })}`), ...TOPS.map(([path]) => get(`${base}/${path}${compared}`))]);
      if (seq !== loads) return;
      mount(out, cards(kpis), timeseries(series),
        h('div', { class: 'grid2' }, TOPS.map(([path, heading, field, key], i) =>
          topList(path, heading, field, key, tops[i].items, pick))),
        h('section', { 'data-section': 'visitors' }, h('h2', {}, 'Visitors'), visitorTable(visitors.items, ctx)),
        flows(base, params, pick), customEvents(base, params, pick));
    } catch (e) { if (seq === loads) error.textContent = e.message; }
  };
  controls.addEventListener('submit', e => { e.preventDefault(); load(); });
  range.addEventListener('change', load);
  const live = realtime(base, params, ctx);
  mount(body, controls, chipBox, live.el, out);
  await load();
  return live.stop;
}

function cards(k) {
  return h('div', { class: 'cards' }, KPIS.map(([name, label]) => {
    const now = Number(k.current?.[name] ?? 0);
    const before = k.range?.hasPrevious ? Number(k.previous?.[name] ?? 0) : null;
    const delta = before ? (100 * (now - before)) / before : null;
    const shown = name === 'bounceRate' ? fmt.pct(now * 100) : fmt.num(Math.round(now * 10) / 10);
    return h('div', { class: 'card', 'data-kpi': name }, h('div', { class: 'muted' }, label), h('div', { class: 'value' }, shown),
      delta === null ? h('div', { class: 'muted' }, 'no previous period')
        : h('div', { class: `delta ${delta >= 0 ? 'up' : 'down'}` }, `${delta >= 0 ? '▲' : '▼'} ${Math.abs(delta).toFixed(1)} % vs previous`));
  }));
}

function timeseries(series) {
  const items = series.items;
  return lineChart(`Page views and visitors per ${series.bucket}`, items.map(i => i.bucket), [
    { label: 'page views', values: items.map(i => i.pageviews) },
    { label: 'visitors', values: items.map(i => i.visitors) },
    { label: 'page views, previous period', values: items.map(i => i.previousPageviews ?? 0) }]);
}

function topList(path, heading, field, key, items, pick) {
  const columns = [[field, row => valueCell(key, row[field], pick)], ['Count', row => fmt.num(row.count), { num: true }]];
  if (items.some(row => row.visitors !== undefined)) columns.push(['Visitors', row => fmt.num(row.visitors), { num: true }]);
  if (items.some(row => row.prev_count !== undefined)) columns.push(['Change', row => change(row.delta_pct), { num: true }]);
  return h('section', { 'data-top': path }, h('h2', {}, heading),
    items.length ? table(columns, items) : h('p', { class: 'muted' }, 'Nothing in this range.'));
}

function visitorTable(items, ctx) {
  if (!items.length) return h('p', { class: 'muted' }, 'No visitors in this range.');
  return table([['Visitor', v => visitorLink(ctx, v.visitor_id)], ['Country', v => v.country_code || '–'],
    ['Browser', v => v.browser_family || '–'], ['OS', v => v.os_family || '–'], ['Device', v => v.device_type || '–'],
    ['Events', v => fmt.num(v.events), { num: true }], ['Last seen', v => fmt.time(v.last_seen)]], items);
}
