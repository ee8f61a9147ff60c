import { h, mount, form, field, table } from './dom.js';
import { get, post, session } from './api.js';

// Each project screen is a module loaded when first opened, so the first screen loads only what it shows.
const SCREENS = {
  account: ['Account', () => import('./account.js')],
  live: ['Live feed', () => import('./live.js')],
  funnels: ['Funnels', () => import('./funnels.js')],
  web: ['Web analytics', () => import('./web.js')],
  explorer: ['Explorer', () => import('./explorer.js')],
  logsh: ['Logsh workspaces', () => import('./logsh.js')],
};

const view = document.getElementById('view');
const nav = document.getElementById('nav');
const signout = document.getElementById('signout');
let leave = null; // the open screen's clean-up (e.g. closing the live stream)

// On a phone the navigation is behind a menu button (app.css); the button exists only while there is a navigation.
const menu = document.getElementById('menu');
const openMenu = open => { nav.classList.toggle('open', open); menu.setAttribute('aria-expanded', String(open)); };
menu.addEventListener('click', () => openMenu(!nav.classList.contains('open')));
new MutationObserver(() => { menu.hidden = !nav.childElementCount; }).observe(nav, { childList: true });
window.addEventListener('hashchange', () => openMenu(false));

signout.addEventListener('click', () => { session.signOut(); location.hash = '#/login'; });
window.addEventListener('hashchange', route);
route();

async function route() {
  if (leave) { leave(); leave = null; }
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  signout.hidden = !session.jwt;
  if (!session.jwt || parts[0] === 'login') return login();
  try {
    if (parts[0] === 'p' && parts.length >= 3) return await project(parts[1], parts[2], parts[3] || 'account', parts.slice(4));
    return await home();
  } catch (e) {
    mount(view, h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

function title(text) {
  document.title = `${text} · Eventlane`;
  return h('h1', {}, text);
}

function login() {
  mount(nav);
  const signIn = form([field('Email', 'email', { type: 'email', required: true, autocomplete: 'username' }),
    field('Password', 'password', { type: 'password', required: true, autocomplete: 'current-password' })],
  'Sign in', async v => {
    session.signIn((await post('/api/auth/login', v)).token);
    location.hash = '#/';
  }, 'stack');
  const signUp = form([field('Email', 'email', { type: 'email', required: true }),
    field('Password (8+ characters)', 'password', { type: 'password', required: true, minlength: 8 }),
    field('Invitation (if you have one)', 'invitation', {})],
  'Create account', async v => {
    if (!v.invitation) delete v.invitation;
    session.signIn((await post('/api/auth/signup', v)).token);
    location.hash = '#/';
  }, 'stack');
  mount(view, title('Sign in'), signIn, h('details', {}, h('summary', {}, 'New here? Create an account'), signUp));
  view.querySelector('input')?.focus();
}

async function home() {
  mount(nav);
  const { orgs } = await get('/api/orgs');
  const sections = await Promise.all(orgs.map(async org => {
    const { projects } = await get(`/api/orgs/${org.id}/projects`);
    return h('section', {}, h('h2', {}, org.name),
      projects.length ? table([
        ['Project', p => h('a', { href: `#/p/${org.id}/${p.id}/account` }, p.name)],
        ['Slug', p => p.slug], ['Plan', p => p.plan]], projects) : h('p', { class: 'muted' }, 'No projects yet.'),
      form([field('Project name', 'name', { required: true }), field('Slug', 'slug', { required: true, pattern: '[a-z0-9-]+' })],
        'Create project', async v => { await post(`/api/orgs/${org.id}/projects`, v); route(); }));
  }));
  mount(view, title('Your projects'), sections,
    h('h2', {}, 'New organisation'),
    form([field('Name', 'name', { required: true })], 'Create organisation', async v => {
      await post('/api/orgs', v);
      route();
    }));
}

async function project(orgId, projectId, screen, args) {
  const [org, proj] = await Promise.all([get(`/api/orgs/${orgId}`), get(`/api/orgs/${orgId}/projects/${projectId}`)]);
  const base = `#/p/${orgId}/${projectId}`;
  mount(nav, Object.entries(SCREENS).map(([id, [name]]) =>
    h('a', { href: `${base}/${id}`, 'aria-current': id === screen ? 'page' : null }, name)));
  const entry = SCREENS[screen] ?? SCREENS.account;
  const body = h('div');
  mount(view, title(`${entry[0]} · ${proj.name}`), h('p', { class: 'muted' }, `${org.name} / ${proj.slug} · plan ${proj.plan}`), body);
  const module = await entry[1]();
  leave = await module.show(body, { org, project: proj, base, args });
}
