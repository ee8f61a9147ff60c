// One visitor of the web analytics: totals over all time and their sessions, newest first.
import { h, mount, table, fmt } from './dom.js';
import { get } from './api.js';

export function visitorLink(ctx, id) {
  return h('a', { href: `${ctx.base}/web/visitor/${encodeURIComponent(id)}`, 'data-visitor': id }, id);
}

export async function showVisitor(body, ctx, base, id) {
  const path = `${base}/visitor/${encodeURIComponent(id)}`;
  const back = h('p', {}, h('a', { href: `${ctx.base}/web` }, '← Web analytics'));
  try {
    const [v, { sessions }] = await Promise.all([get(path), get(`${path}/sessions`)]);
    mount(body, back, h('h2', {}, `Visitor ${v.visitor_id}`),
      h('div', { class: 'cards' }, [['Events', fmt.num(v.events)], ['Page views', fmt.num(v.pageviews)], ['Sessions', fmt.num(v.sessions)],
        ['Country', v.country_code || '–'], ['Browser', v.browser_family || '–'], ['OS', v.os_family || '–'],
        ['Device', v.device_type || '–']].map(([label, value]) => h('div', { class: 'card', 'data-visitor-field': label },
        h('div', { class: 'muted' }, label), h('div', { class: 'value' }, value)))),
      h('p', { class: 'muted' }, `First seen ${fmt.time(v.first_seen)}, last seen ${fmt.time(v.last_seen)}`),
      h('h2', {}, 'Sessions'), sessions.map(session));
  } catch (e) {
    mount(body, back, h('p', { class: 'error', role: 'alert' }, e.status === 404 ? 'No event of this visitor.' : e.message));
  }
}

function session(s) {
  return h('section', { class: 'session', 'data-session': s.session_id },
    h('h3', {}, `${fmt.time(s.start)} · ${s.page_count} page views · ${Math.round(s.duration_ms / 1000)} s`),
    table([['Time', e => fmt.time(e.timestamp)], ['Type', e => e.event_type],
      ['Page or event', e => e.custom_event_name ?? e.path]], s.events, `Session ${s.session_id}: ${s.entry_page ?? '–'} to ${s.exit_page ?? '–'}`));
}
