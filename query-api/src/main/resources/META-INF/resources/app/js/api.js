// Calls Eventlane's public APIs. The sign-in JWT lives in sessionStorage (gone when the tab closes); a project's
// read key (for the key-authenticated reads: analytics, logs, alert rules, usage) is kept there too, per project.
const JWT = 'eventlane.jwt';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

export const session = {
  get jwt() { return sessionStorage.getItem(JWT); },
  signIn(token) { sessionStorage.setItem(JWT, token); },
  signOut() { sessionStorage.clear(); },
  readKey(project) { return sessionStorage.getItem(`eventlane.key.${project}`); },
  setReadKey(project, key) { sessionStorage.setItem(`eventlane.key.${project}`, key); },
};

/** A JSON call with the user's JWT, or with `key` (an API key) when given. */
export async function api(method, path, body, key) {
  const headers = { Accept: 'application/json' };
  const bearer = key ?? session.jwt;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    if (res.status === 401 && !key) {
      session.signOut();
      location.hash = '#/login';
    }
    throw errorOf(res.status, json, text);
  }
  return json;
}

function errorOf(status, json, text) {
  const e = json?.error;
  if (e && typeof e === 'object') return new ApiError(status, e.code, e.message);
  if (typeof e === 'string') return new ApiError(status, e, json.message);
  return new ApiError(status, null, text.slice(0, 200));
}

export const get = (path, key) => api('GET', path, undefined, key);
export const post = (path, body, key) => api('POST', path, body ?? {}, key);
export const put = (path, body, key) => api('PUT', path, body, key);
export const del = (path, key) => api('DELETE', path, undefined, key);

/** Query string of the non-empty entries. */
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Reads a server-sent event stream with fetch (EventSource cannot send the Authorization header). Calls onEvent
 * with the parsed JSON data of each event named `event` (pings are skipped) until `signal` aborts.
 */
export async function stream(path, onEvent, signal, onOpen) {
  const res = await fetch(path, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.jwt}` }, signal });
  if (!res.ok) throw errorOf(res.status, await res.json().catch(() => null), '');
  onOpen?.();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const name = lines.find(l => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
      const data = lines.filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
      if (name === 'event' && data) onEvent(JSON.parse(data));
    }
  }
}
