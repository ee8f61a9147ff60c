import { h, mount } from './dom.js';
import { get, post, session } from './api.js';

/**
 * The scopes of the session key: the reads (analytics, logs, usage, alert rules) and the alert rules' edits, which
 * GoodLogs' API takes with a key only. Never ingest:write: a key copied out of the browser cannot send data.
 */
export const SESSION_SCOPES = ['data:read', 'alerts:read', 'alerts:write'];

/**
 * The reads that LogLogic, GoodLogs and LogFlux authenticate with an API key (analytics, logs, alert rules, usage)
 * need one of the project: the dashboard creates a secret key for this browser session on request, with only the
 * scopes the screens use, visible and revocable in the key list like any other. Resolves to the key, or null while
 * the user has not asked for one.
 */
export function readKey(ctx, container, onReady) {
  const key = session.readKey(ctx.project.id);
  if (key) return key;
  const error = h('p', { class: 'error', role: 'alert' });
  mount(container, h('p', {}, 'These reads use an API key of the project. The dashboard can create one for this '
    + 'browser session (named "dashboard session", it can read data and manage alert rules but not send data; '
    + 'revoke it in Account when done).'),
  h('button', {
    type: 'button', onclick: async () => {
      try {
        const created = await post(`/api/orgs/${ctx.org.id}/projects/${ctx.project.id}/keys`,
          { name: 'dashboard session', type: 'secret', scopes: SESSION_SCOPES });
        await accepted(created.key);
        session.setReadKey(ctx.project.id, created.key);
        await onReady(created.key);
      } catch (e) { error.textContent = e.message; }
    },
  }, 'Create a read key for this session'), error);
  return null;
}

/** A new key reaches the services through Kafka within about a second: wait (bounded) until it is accepted. */
async function accepted(key) {
  for (let attempt = 0; ; attempt++) {
    try {
      await get('/v1/info', key);
      return;
    } catch (e) {
      if (attempt >= 40 || (e.status !== 401 && e.status !== 503)) throw e;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }
}
