// Builds DOM nodes; text always goes in as text, never as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table of `rows` (objects) with the given columns: [header, row => cell, {num, cls}]. */
export function table(columns, rows, caption) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    caption ? h('caption', { class: 'muted' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(([name, , o]) => h('th', { scope: 'col', class: o?.num ? 'num' : null }, name)))),
    h('tbody', {}, rows.map(row => h('tr', {}, columns.map(([, cell, o]) => {
      const value = cell(row);
      const cls = [o?.num ? 'num' : '', o?.cls ? o.cls(row) ?? '' : ''].join(' ').trim();
      return h('td', { class: cls || null }, value);
    }))))));
}

/** A form whose fields are read as an object on submit; `onsubmit` gets it and may throw to show an error. */
export function form(fields, label, onsubmit, cls = 'inline') {
  const error = h('p', { class: 'error', role: 'alert' });
  const el = h('form', { class: cls }, fields, h('button', { type: 'submit' }, label), error);
  el.addEventListener('submit', async e => {
    e.preventDefault();
    error.textContent = '';
    const values = Object.fromEntries(new FormData(el).entries());
    try { await onsubmit(values, el); } catch (err) { error.textContent = err.message; }
  });
  return el;
}

export function field(label, name, attrs = {}) {
  if (attrs.textarea) {
    const { textarea, value, ...rest } = attrs;
    return h('label', {}, label, h('textarea', { name, ...rest }, value ?? ''));
  }
  return h('label', {}, label, attrs.options
    ? h('select', { name }, attrs.options.map(o => h('option', { value: o, selected: o === attrs.value ? true : null }, o)))
    : h('input', { name, ...attrs }));
}

export function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.classList.add('show');
  setTimeout(() => el.classList.remove('show'), 2500);
}

export const fmt = {
  num: n => n === null || n === undefined ? '–' : Number(n).toLocaleString('en'),
  pct: n => n === null || n === undefined ? '–' : `${Number(n).toFixed(1)} %`,
  time: t => t ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–',
};
