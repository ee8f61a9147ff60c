// Editing an alert rule in place: the form, and the whole body that PUT /v1/alerts/{id} replaces the rule with.
import { h, form, field } from './dom.js';

/** The rule as PUT takes it (a replacement: every field), with `changes` applied. */
export function ruleBody(rule, changes = {}) {
  const r = { ...rule, ...changes };
  const body = { name: r.name, condition: r.condition, threshold: Number(r.threshold), enabled: Boolean(r.enabled) };
  if (r.query) return { ...body, query: r.query };
  body.source = r.source;
  body.window = r.window;
  body[r.source === 'events' ? 'event' : 'severity'] = r.source === 'events' ? r.event : r.severity;
  return body;
}

/** A form editing `rule`; `save` gets the new body and may throw to show an error; `close` drops the form. */
export function ruleEditor(rule, save, close) {
  const fields = [field('Name', 'name', { required: true, value: rule.name })];
  if (rule.query) {
    fields.push(field('GQL condition', 'query', { required: true, value: rule.query }));
  } else {
    fields.push(field(rule.source === 'events' ? 'Event' : 'Severity', 'what', { required: true, value: rule.event ?? rule.severity ?? '' }),
      field('Window', 'window', { value: rule.window, pattern: '[0-9]+[smhd]', required: true }));
  }
  fields.push(field('Condition', 'condition', { options: ['above', 'below'], value: rule.condition }),
    field('Threshold', 'threshold', { type: 'number', min: 0, step: 1, value: rule.threshold, required: true }),
    field('Enabled', 'enabled', { options: ['yes', 'no'], value: rule.enabled ? 'yes' : 'no' }));
  const edit = form(fields, 'Save rule', v => save(ruleBody(rule, {
    name: v.name, query: rule.query ? v.query : undefined, window: v.window ?? rule.window, condition: v.condition,
    threshold: v.threshold, enabled: v.enabled === 'yes',
    event: rule.source === 'events' ? v.what : undefined, severity: rule.source === 'events' ? undefined : v.what,
  })));
  edit.append(h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'));
  return h('section', { 'aria-label': `Edit rule ${rule.name}` }, h('h3', {}, `Edit rule "${rule.name}"`), edit);
}
