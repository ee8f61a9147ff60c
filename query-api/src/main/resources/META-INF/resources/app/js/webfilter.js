// Loguro's filter language in the page: terms `[!]key:value|value`, shown as removable chips. The server parses the
// text again and answers 400 with the reason when it is wrong; the page only needs to split it into terms.
import { h } from './dom.js';

/** The terms of `text`: [{neg, key, values}], or null when the text does not split (an unclosed quote). */
export function parse(text) {
  const raws = split(text.trim());
  if (raws === null) return null;
  const terms = [];
  for (const raw of raws) {
    const neg = raw.startsWith('!');
    const body = neg ? raw.slice(1) : raw;
    const colon = body.indexOf(':');
    if (colon <= 0) return null;
    const values = splitValues(body.slice(colon + 1));
    if (values === null) return null;
    terms.push({ neg, key: body.slice(0, colon), values });
  }
  return terms;
}

export function format(terms) {
  return terms.map(term).join(' ');
}

export function term(t) {
  return `${t.neg ? '!' : ''}${t.key}:${t.values.map(quote).join('|')}`;
}

/** Adds `value` to the term of the same key and sign (an "or"), or a new term. */
export function add(terms, key, value, neg = false) {
  const same = terms.find(t => t.key === key && t.neg === neg);
  if (!same) return [...terms, { neg, key, values: [value] }];
  if (same.values.includes(value)) return terms;
  return terms.map(t => t === same ? { ...t, values: [...t.values, value] } : t);
}

export function quote(value) {
  return value === '' || /[\s|"\\]/.test(value) ? `"${value.replace(/["\\]/g, m => `\\${m}`)}"` : value;
}

/** The chips of `terms`, each with a button that calls `onRemove(index)`. */
export function chips(terms, onRemove) {
  return h('ul', { class: 'chips', 'aria-label': 'Active filters' }, terms.map((t, i) => h('li', { class: 'chip', 'data-term': term(t) },
    h('span', {}, term(t)),
    h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove filter ${term(t)}`, onclick: () => onRemove(i) }, '×'))));
}

function split(text) {
  const out = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\' && i + 1 < text.length) { current += c + text[++i]; continue; }
    if (c === '"') quoted = !quoted;
    if (!quoted && /\s/.test(c)) {
      if (current) out.push(current);
      current = '';
    } else current += c;
  }
  if (quoted) return null;
  if (current) out.push(current);
  return out;
}

function splitValues(text) {
  const values = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\' && i + 1 < text.length) { current += text[++i]; continue; }
    if (c === '"') { quoted = !quoted; wasQuoted = true; continue; }
    if (!quoted && c === '|') {
      if (!current && !wasQuoted) return null;
      values.push(current);
      current = '';
      wasQuoted = false;
    } else current += c;
  }
  if (quoted || (!current && !wasQuoted)) return null;
  values.push(current);
  return values;
}
