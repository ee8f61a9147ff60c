import { h, mount, table, fmt } from './dom.js';
import { get, qs } from './api.js';
import { lineChart } from './chart.js';

const RANGES = ['24h', '7d', '30d', '3m', '12m', 'all'];
// Top list, its value field, and the filter key a click on a value adds (referrers: a free-text search).
const TOPS = [['top-pages', 'path', 'path'], ['top-referrers', 'referrer', 'search'], ['top-countries', 'country', 'country'],
  ['top-browsers', 'browser', 'browser'], ['top-os', 'os', 'os'], ['top-devices', 'device', 'device']];
const KPIS = [['visitors', 'Visitors'], ['pageviews', 'Page views'], ['sessions', 'Sessions'],
  ['bounceRate', 'Bounce rate'], ['avgDurationSec', 'Avg. duration (s)']];

/** Loguro's web analytics of the project (read with the user's JWT, by project slug). */
export async function show(body, ctx) {
  const base = `/api/web-events/${encodeURIComponent(ctx.project.slug)}`;
  const out = h('div');
  const filter = h('input', { name: 'filter', placeholder: 'e.g. country:RO path:/pricing', size: 40 });
  const range = h('select', { name: 'range' }, RANGES.map(r => h('option', { value: r }, r)));
  const error = h('p', { class: 'error', role: 'alert' });
  const controls = h('form', { class: 'inline' }, h('label', {}, 'Range', range), h('label', {}, 'Filter', filter),
    h('button', { type: 'submit' }, 'Apply'), error);

  const load = async () => {
    error.textContent = '';
    const q = qs({ range: range.value, filter: filter.value.trim() });
    try {
      const [kpis, series, ...tops] = await Promise.all([get(`${base}/kpis${q}`), get(`${base}/timeseries${q}`),
        ...TOPS.map(([path]) => get(`${base}/${path}${q}`))]);
      mount(out, cards(kpis),
        lineChart('Page views and visitors', series.items.map(i => i.bucket), [
          { label: 'page views', values: series.items.map(i => i.pageviews) },
          { label: 'visitors', values: series.items.map(i => i.visitors) }]),
        h('div', { class: 'grid2' }, TOPS.map(([path, valueField, key], i) => h('section', {},
          h('h2', {}, path.replace('top-', 'Top ')),
          table([[valueField, row => h('a', { class: 'filter', href: '#', onclick: e => { e.preventDefault(); addTerm(key, row[valueField]); } }, row[valueField] ?? '–')],
            ['Count', row => fmt.num(row.count), { num: true }], ['Visitors', row => fmt.num(row.visitors), { num: true }]],
          tops[i].items)))));
    } catch (e) { error.textContent = e.message; }
  };
  const addTerm = (key, value) => {
    const quoted = /[\s|"\\:]/.test(value) ? `"${value.replace(/["\\]/g, m => `\\${m}`)}"` : value;
    filter.value = `${filter.value.trim()} ${key}:${quoted}`.trim();
    load();
  };
  controls.addEventListener('submit', e => { e.preventDefault(); load(); });
  mount(body, controls, out);
  await load();
}

function cards(k) {
  return h('div', { class: 'cards' }, KPIS.map(([name, label]) => {
    const now = Number(k.current?.[name] ?? 0);
    const before = k.range?.hasPrevious ? Number(k.previous?.[name] ?? 0) : null;
    const delta = before ? (100 * (now - before)) / before : null;
    return h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'value' }, fmt.num(Math.round(now * 10) / 10)),
      delta === null ? h('div', { class: 'muted' }, 'no previous period')
        : h('div', { class: `delta ${delta >= 0 ? 'up' : 'down'}` }, `${delta >= 0 ? '▲' : '▼'} ${Math.abs(delta).toFixed(1)} % vs previous`));
  }));
}
