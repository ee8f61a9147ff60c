import { h, mount, table, fmt } from './dom.js';
import { get, qs } from './api.js';
import { readKey } from './readkey.js';
import { decrypt } from './logflux.js';
import { chartOf, schemaBrowser } from './gqlview.js';

const LEVELS = ['', 'emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

/** GoodLogs' explorer: a GQL editor with autocomplete and a results table; the log view, sealed entries opened here. */
export async function show(body, ctx) {
  const gqlPath = `/api/orgs/${ctx.org.id}/projects/${ctx.project.id}/gql`;
  const editor = h('textarea', { id: 'gql', 'aria-label': 'GQL query', spellcheck: 'false' }, 'from:events count by event');
  const hints = h('div', { class: 'row hints' });
  const results = h('div');
  const error = h('p', { class: 'error', role: 'alert' });
  let timer = null;

  const suggest = async () => {
    const cursor = editor.selectionStart;
    const { suggestions } = await get(`${gqlPath}/autocomplete${qs({ q: editor.value, cursor })}`).catch(() => ({ suggestions: [] }));
    mount(hints, suggestions.slice(0, 12).map(s => h('button', {
      type: 'button', class: 'secondary', title: s.description ?? s.kind,
      onclick: () => insert(s.text),
    }, s.text)));
  };
  const insert = text => {
    const at = editor.selectionStart;
    const before = editor.value.slice(0, at).replace(/[^\s:=(,'"]*$/, '');
    editor.value = before + text + editor.value.slice(at);
    editor.focus();
    editor.selectionStart = editor.selectionEnd = before.length + text.length;
    suggest();
  };
  const run = async () => {
    error.textContent = '';
    try {
      const answer = await get(`${gqlPath}${qs({ q: editor.value })}`);
      const rows = answer.data?.results ?? [];
      const columns = [...new Set(rows.flatMap(r => Object.keys(r)))].slice(0, 12);
      const grid = table(columns.map(c => [c, r => typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : String(r[c] ?? '')]), rows);
      // Time buckets and groups read best as a chart; the rows stay one click away.
      const chart = chartOf(answer);
      mount(results, h('p', { class: 'muted' }, `${answer.data?.mode}: ${rows.length} rows`),
        chart ? [chart, h('details', {}, h('summary', {}, 'Table'), grid)] : grid);
    } catch (e) { error.textContent = e.message; }
  };
  editor.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(suggest, 150); });
  editor.addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });

  const logs = h('section', {}, h('h2', {}, 'Logs'));
  const schema = h('aside', { class: 'schema', 'aria-labelledby': 'h-schema' }, h('h2', { id: 'h-schema' }, 'Schema'));
  mount(body, h('div', { class: 'explorer' }, h('div', {}, h('label', { for: 'gql' }, 'Query (Ctrl+Enter runs it)'), editor, hints,
    h('div', { class: 'row' }, h('button', { type: 'button', onclick: run }, 'Run query')), error, results), schema), logs);
  suggest();
  schemaBrowser(schema, `/api/orgs/${ctx.org.id}/projects/${ctx.project.id}/schema`, text => place(editor, text, suggest))
    .catch(e => schema.append(h('p', { class: 'muted' }, e.message)));
  const key = readKey(ctx, logs, k => showLogs(logs, k));
  if (key) await showLogs(logs, key);
}

/** Puts `text` at the editor's cursor as a term of its own. */
function place(editor, text, then) {
  const at = editor.selectionStart ?? editor.value.length;
  const before = editor.value.slice(0, at);
  const after = editor.value.slice(editor.selectionEnd ?? at);
  const lead = before && !/\s$/.test(before) ? ' ' : '';
  const trail = after && !/^\s/.test(after) ? ' ' : '';
  editor.value = before + lead + text + trail + after;
  editor.focus();
  editor.selectionStart = editor.selectionEnd = (before + lead + text).length;
  then();
}

async function showLogs(el, key) {
  const passphrase = h('input', { type: 'password', autocomplete: 'off', id: 'passphrase' });
  const { logs } = await get('/v1/logs?limit=50', key);
  const open = entry => async e => {
    const cell = e.target.closest('td');
    try {
      mount(cell, h('span', { class: 'opened' }, await decrypt(entry, passphrase.value)));
    } catch (err) { mount(cell, h('span', { class: 'error' }, err.message), e.target); }
  };
  mount(el, h('h2', {}, 'Logs'),
    h('p', { class: 'row' }, h('label', { for: 'passphrase' }, 'LogFlux passphrase (stays in this page)'), passphrase),
    table([['Time', l => fmt.time(l.timestamp)], ['Level', l => LEVELS[l.loglevel] ?? String(l.loglevel ?? ''), { cls: l => `sev-${LEVELS[l.loglevel] ?? ''}` }],
      ['Node', l => l.node ?? ''], ['Source', l => l.source ?? ''],
      ['Message', l => l.encryption_mode === 1
        ? h('button', { type: 'button', class: 'secondary', 'data-log-id': l.id, onclick: open(l) }, 'Decrypt')
        : (l.payload ?? l.message ?? '')]], logs));
}
