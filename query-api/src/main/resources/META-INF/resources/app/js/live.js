import { h, mount, field, fmt } from './dom.js';
import { stream, qs } from './api.js';

const SHOWN = 200; // events kept on screen
const SOURCES = ['', 'loglogic', 'goodlogs', 'logflux', 'logsh', 'loguro', 'web'];

/** New events of the project as they are ingested (server-sent events), filterable and pausable. */
export async function show(body, ctx) {
  let controller = null;
  let paused = false;
  let held = [];
  const list = h('ul', { class: 'feed', 'aria-live': 'off', 'aria-label': 'New events' });
  const status = h('p', { class: 'muted', role: 'status' }, 'Connecting…');
  const pause = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, 'Pause');
  const filters = h('form', { class: 'inline', 'aria-label': 'Filters' },
    field('Action', 'action'), field('User', 'user_id'), field('Funnel', 'funnel'),
    h('label', {}, 'Source', h('select', { name: 'source' }, SOURCES.map(s => h('option', { value: s }, s || 'any')))),
    h('button', { type: 'submit' }, 'Apply'), pause);

  const add = e => {
    if (paused) {
      held.push(e);
      status.textContent = `Paused: ${held.length} new`;
      return;
    }
    list.prepend(h('li', { 'data-event-id': e.event_id },
      `${fmt.time(e.timestamp)}  ${e.source}  ${e.action}  user=${e.user_id ?? '–'}`,
      e.funnel ? `  funnel=${e.funnel}` : '', Object.keys(e.data ?? {}).length ? `  ${JSON.stringify(e.data)}` : ''));
    while (list.children.length > SHOWN) list.lastChild.remove();
  };

  const connect = () => {
    controller?.abort();
    controller = new AbortController();
    const f = Object.fromEntries(new FormData(filters).entries());
    const path = `/api/orgs/${ctx.org.id}/projects/${ctx.project.id}/live${qs(f)}`;
    status.textContent = 'Connecting…';
    const mine = controller;
    stream(path, add, mine.signal, () => { status.textContent = 'Live'; status.dataset.state = 'live'; }).then(() => {
      if (!mine.signal.aborted) setTimeout(connect, 1000); // the server ended the stream: reconnect
    }, err => {
      if (mine.signal.aborted) return;
      status.textContent = `Disconnected: ${err.message}; retrying`;
      status.dataset.state = 'down';
      setTimeout(connect, 2000);
    });
  };

  filters.addEventListener('submit', e => { e.preventDefault(); list.replaceChildren(); connect(); });
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (!paused) {
      held.forEach(add);
      held = [];
      status.textContent = 'Live';
    }
  });
  mount(body, filters, status, list);
  connect();
  return () => controller?.abort();
}
