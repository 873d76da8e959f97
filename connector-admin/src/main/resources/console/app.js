// The console: a hash router over the views. Served as plain ES modules, no build step.
import {h, fill, ApiError} from './dom.js';
import {wizard} from './wizard.js';
import {connectorList, connectorView, fileView} from './views.js';

const main = document.getElementById('main');
let leave = [];

async function route() {
  leave.forEach(f => f());
  leave = [];
  const onLeave = f => leave.push(f);
  const hash = location.hash || '#/connectors';
  let m;
  try {
    if (hash === '#/connectors') await connectorList(main);
    else if (hash === '#/connectors/new') await wizard(main, null);
    else if ((m = hash.match(/^#\/connectors\/([^/]+)\/edit$/))) await wizard(main, decodeURIComponent(m[1]));
    else if ((m = hash.match(/^#\/connectors\/([^/]+)$/))) await connectorView(main, decodeURIComponent(m[1]), onLeave);
    else if ((m = hash.match(/^#\/files\/([^/]+)$/))) await fileView(main, decodeURIComponent(m[1]), onLeave);
    else fill(main, h('h1', {}, 'Not found'), h('p', {}, h('a', {href: '#/connectors'}, 'Connectors')));
  } catch (e) {
    fill(main, h('h1', {}, 'Something went wrong'),
      h('p', {class: 'warning', role: 'alert'}, e instanceof ApiError ? e.message : 'The console failed: ' + e));
  }
  const heading = main.querySelector('h1');
  if (heading && !main.contains(document.activeElement)) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
  document.title = (heading ? heading.textContent + ' · ' : '') + 'ftp2sms console';
}

window.addEventListener('hashchange', route);
route();
