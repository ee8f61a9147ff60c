// The explorer's views of GQL: an aggregate's results as a chart, and the schema browser.
import { h, mount, fmt } from './dom.js';
import { get } from './api.js';
import { lineChart, barChart } from './chart.js';

const MAX_SERIES = 6;
const MAX_BARS = 30;

/**
 * A chart of an aggregate's results: a line per group over time when the query has a time bucket (`by 1h`), bars
 * per group when it has only `by` fields; null for searches and single values (the table shows those).
 */
export function chartOf(answer) {
  const rows = answer.data?.results ?? [];
  if (answer.data?.mode !== 'aggregate' || rows.length === 0) return null;
  const step = (answer.query?.pipeline ?? []).find(s => s.type === 'aggregate') ?? {};
  const groups = (step.group_by ?? []).filter(f => f !== 'bucket');
  const name = step.func ?? 'value';
  const bucketed = Boolean(step.bucket) || rows.some(r => r.bucket !== undefined);
  const label = r => groups.map(g => String(r[g] ?? '–')).join(' · ') || name;
  if (bucketed) {
    const times = [...new Set(rows.map(r => r.bucket))].sort();
    const totals = new Map();
    for (const r of rows) totals.set(label(r), (totals.get(label(r)) ?? 0) + Number(r.value ?? 0));
    const kept = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([k]) => k);
    const series = kept.map(k => {
      const at = new Map(rows.filter(r => label(r) === k).map(r => [r.bucket, r.value]));
      return { label: k, values: times.map(t => at.get(t) ?? null) };
    });
    const more = totals.size > kept.length ? ` (the ${kept.length} largest of ${totals.size} groups)` : '';
    return lineChart(`${name} per ${step.bucket ?? 'bucket'}${more}`, times, series);
  }
  if (groups.length === 0) return null;
  const shown = rows.slice(0, MAX_BARS);
  const more = rows.length > shown.length ? ` (first ${shown.length} of ${rows.length})` : '';
  return barChart(`${name} by ${groups.join(', ')}${more}`, shown.map(label), shown.map(r => r.value));
}

/**
 * The schema browser: event names with volumes, event and log properties with their types and examples; choosing
 * one calls `insert` with its GQL text.
 */
export async function schemaBrowser(el, path, insert) {
  const schema = await get(path);
  const pick = (text, title, label) => h('button', { type: 'button', class: 'field', title, onclick: () => insert(text) }, label);
  const list = (caption, items, render) => h('details', { open: items.length > 0 && items.length <= 40 ? true : null },
    h('summary', {}, `${caption} (${items.length})`),
    items.length ? h('ul', {}, items.map(item => h('li', {}, render(item)))) : h('p', { class: 'muted' }, 'None seen yet.'));
  const property = p => [pick(term(p.key), `Insert ${p.key}`, p.key), ' ',
    h('span', { class: 'muted' }, `${p.type} · ${fmt.num(p.volume)}`),
    (p.examples ?? []).length ? h('span', { class: 'examples' }, ` e.g. ${p.examples.slice(0, 3).map(x => JSON.stringify(x)).join(', ')}`) : null];
  mount(el, h('h2', { id: 'h-schema' }, 'Schema'),
    h('p', { class: 'muted' }, 'Choose a name to put it in the query.'),
    list('Events', schema.event_names ?? [], e => [pick(`event:${quoted(e.name)}`, `Insert event:${e.name}`, e.name), ' ',
      h('span', { class: 'muted' }, fmt.num(e.volume))]),
    list('Event properties', schema.event_properties ?? [], property),
    list('Log properties', schema.log_properties ?? [], property));
}

/** A bare word when GQL reads it as one, else a double-quoted string. */
const quoted = value => (/^[A-Za-z0-9_.$-]+$/.test(value) ? value : JSON.stringify(String(value)));
const term = key => key;
