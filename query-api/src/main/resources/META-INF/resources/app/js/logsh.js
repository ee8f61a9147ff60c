// Logsh workspaces: the project's Logsh events (source logsh) per workspace, with their icons and notify marks.
// Read with GQL through the dashboard's JWT endpoint (events by the `$workspace` property); new events arrive by the
// live feed's server-sent events, so the screen never polls.
import { h, mount, fmt } from './dom.js';
import { get, qs, stream } from './api.js';

const RANGES = [['24h', 'last 24 hours'], ['7d', 'last 7 days'], ['30d', 'last 30 days']];
const SHOWN = 100; // events of a workspace on screen

export async function show(body, ctx) {
  const gql = q => get(`/api/orgs/${ctx.org.id}/projects/${ctx.project.id}/gql${qs({ q })}`);
  const range = h('select', { name: 'range' }, RANGES.map(([v, label]) => h('option', { value: v, selected: v === '7d' }, label)));
  const spaces = h('div');
  const feed = h('ul', { class: 'logsh', 'aria-label': 'Events of the workspace' });
  const heading = h('h2');
  const status = h('p', { class: 'muted', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  let chosen = ctx.args?.[0] ?? null;

  const load = async () => {
    error.textContent = '';
    try {
      const { data } = await gql(`from:events source:logsh count by $workspace top 100 last ${range.value}`);
      const names = data.results.map(r => ({ name: groupValue(r), count: r.value })).filter(w => w.name);
      chosen ??= names[0]?.name ?? null;
      mount(spaces, names.length ? h('ul', { class: 'ws-list', 'aria-label': 'Workspaces' }, names.map(w => h('li', {},
        h('a', { href: `${ctx.base}/logsh/${encodeURIComponent(w.name)}`, 'data-workspace': w.name,
          'aria-current': w.name === chosen ? 'page' : null }, `#${w.name}`), ' ', h('span', { class: 'muted' }, `(${fmt.num(w.count)})`))))
        : h('p', { class: 'muted' }, 'No Logsh events in this range. Send some to POST /api/event.'));
      if (!chosen) { mount(feed); heading.textContent = ''; return; }
      heading.textContent = `#${chosen}`;
      const found = await gql(`from:events source:logsh $workspace:${gqlString(chosen)} last ${range.value} limit ${SHOWN}`);
      mount(feed, found.data.results.map(r => item({ id: r.id, name: r.event, time: r.timestamp, props: r.properties ?? {} })));
      if (!found.data.results.length) mount(feed, h('li', { class: 'muted' }, 'No events of this workspace in this range.'));
    } catch (e) { error.textContent = e.message; }
  };

  const controller = new AbortController();
  const onLive = e => {
    const props = Object.fromEntries(Object.entries(e.data ?? {}).map(([k, v]) => [k, parsed(v)]));
    if (!chosen || props.$workspace !== chosen) return;
    feed.querySelector('li.muted')?.remove();
    feed.prepend(item({ id: e.event_id, name: e.action, time: e.timestamp, props }));
    while (feed.children.length > SHOWN) feed.lastChild.remove();
  };
  stream(`/api/orgs/${ctx.org.id}/projects/${ctx.project.id}/live?source=logsh`, onLive, controller.signal,
    () => { status.textContent = 'New events appear as they arrive.'; status.dataset.state = 'live'; })
    .catch(err => { if (!controller.signal.aborted) status.textContent = `Live updates stopped: ${err.message}`; });

  range.addEventListener('change', load);
  mount(body, h('div', { class: 'row' }, h('label', {}, 'Range', range)), error, spaces, heading, status, feed);
  await load();
  return () => controller.abort();
}

function item({ id, name, time, props }) {
  const notify = props.$notify === true || props.$notify === 'true';
  const metadata = Object.entries(props).filter(([k]) => !k.startsWith('$'));
  return h('li', { class: notify ? 'notify' : null, 'data-event-id': id, 'data-notify': String(notify) },
    h('span', { class: 'icon', 'data-icon': props.$icon ?? '' }, props.$icon ?? '•'),
    h('div', { class: 'what' }, h('strong', {}, name), notify ? h('span', { class: 'notify-badge' }, '🔔 notified') : null,
      h('div', {}, props.$description ?? ''),
      h('div', { class: 'muted' }, fmt.time(time), metadata.length ? `  ${JSON.stringify(Object.fromEntries(metadata))}` : '')));
}

/** The group value of an aggregate row (its one key beside `value`). */
function groupValue(row) {
  return Object.entries(row).find(([k]) => k !== 'value')?.[1] ?? null;
}

function gqlString(text) {
  return `"${text.replace(/["\\]/g, m => `\\${m}`)}"`;
}

/** A live event's property is JSON text. */
function parsed(text) {
  try { return JSON.parse(text); } catch { return text; }
}
