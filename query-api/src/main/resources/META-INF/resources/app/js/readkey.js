import { h, mount } from './dom.js';
import { post, session } from './api.js';

/**
 * The reads that LogLogic, GoodLogs and LogFlux authenticate with an API key (analytics, logs, alert rules, usage)
 * need one of the project: the dashboard creates a secret key for this browser session on request, visible and
 * revocable in the key list like any other. Resolves to the key, or null while the user has not asked for one.
 */
export function readKey(ctx, container, onReady) {
  const key = session.readKey(ctx.project.id);
  if (key) return key;
  const error = h('p', { class: 'error', role: 'alert' });
  mount(container, h('p', {}, 'These reads use an API key of the project. The dashboard can create one for this '
    + 'browser session (named "dashboard session"; revoke it in Account when done).'),
  h('button', {
    type: 'button', onclick: async () => {
      try {
        const created = await post(`/api/orgs/${ctx.org.id}/projects/${ctx.project.id}/keys`,
          { name: 'dashboard session', type: 'secret' });
        session.setReadKey(ctx.project.id, created.key);
        onReady(created.key);
      } catch (e) { error.textContent = e.message; }
    },
  }, 'Create a read key for this session'), error);
  return null;
}
