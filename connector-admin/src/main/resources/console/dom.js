// Small DOM and API helpers shared by the console's views. Text always goes in as text (never as HTML).

export const csrf = document.querySelector('meta[name="csrf-token"]').content;

/** h('p', {class: 'x'}, 'text', child): an element; attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else if (name === 'checked') el.checked = !!value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the children of {@code el}; null, undefined and false are skipped, arrays flattened. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false)
    .map(c => c instanceof Node ? c : document.createTextNode(String(c))));
}

/** A table whose cells know their column's name (shown before each cell when the window is narrow). */
export function table(attrs, headings, rows) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headings.map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows.map(({attrs: rowAttrs, cells}) => h('tr', rowAttrs || {},
      cells.map((cell, i) => cell instanceof Node && cell.tagName === 'TD' ? (cell.setAttribute('data-label', headings[i]), cell)
        : h('td', {'data-label': headings[i]}, cell))))));
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : 'HTTP ' + status);
    this.status = status;
    this.errors = body && Array.isArray(body.errors) ? body.errors : [];
  }
}

/** Calls the admin API with the session cookie and the CSRF token; JSON in and out unless raw bytes are sent. */
export async function api(method, path, body, contentType) {
  const headers = {'X-CSRF-Token': csrf, 'Accept': 'application/json'};
  let payload;
  if (contentType) {
    headers['Content-Type'] = contentType;
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch('/api/v1' + path, {method, headers, body: payload, credentials: 'same-origin'});
  if (res.status === 401) {
    location.assign('/signin');
    throw new ApiError(401, {error: 'signed out'});
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = {error: 'HTTP ' + res.status + (res.status === 413 ? ': the request is too large' : '')};
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export function announce(text) {
  const live = document.getElementById('live');
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

/** A labelled field: label, control, help text and the place its error goes, tied together for screen readers. */
export function field(id, labelText, control, help) {
  control.id = id;
  const describedBy = [];
  const helpEl = help ? h('p', {class: 'help', id: id + '-help'}, help) : null;
  if (helpEl) describedBy.push(id + '-help');
  describedBy.push(id + '-error');
  control.setAttribute('aria-describedby', describedBy.join(' '));
  return h('div', {class: 'field'},
    h('label', {for: id}, labelText),
    control, helpEl,
    h('p', {class: 'field-error', id: id + '-error', hidden: true}));
}

/**
 * Shows the API's {field, reason} errors next to the control whose data-field names the field (or its nearest
 * parent field: "options.calendar.windows[0].from" falls back to "options.calendar.windows[0]", then
 * "options.calendar"...). Errors no control claims go to the summary. Returns the first control with an error.
 */
export function showErrors(root, errors, summary) {
  clearErrors(root, summary);
  let first = null;
  const unplaced = [];
  for (const error of errors) {
    const control = controlFor(root, error.field);
    if (!control) { unplaced.push(error); continue; }
    const box = document.getElementById(control.id + '-error');
    control.setAttribute('aria-invalid', 'true');
    box.hidden = false;
    box.textContent = box.textContent ? box.textContent + ' ' + error.reason : error.reason;
    if (!first) first = control;
  }
  if (summary && unplaced.length) {
    summary.hidden = false;
    fill(summary, h('ul', {}, unplaced.map(e => h('li', {}, e.field ? e.field + ': ' + e.reason : e.reason))));
  }
  return first || (unplaced.length ? summary : null);
}

export function clearErrors(root, summary) {
  root.querySelectorAll('.field-error').forEach(e => { if (e.id !== 'token-error') { e.hidden = true; e.textContent = ''; } });
  root.querySelectorAll('[aria-invalid="true"]').forEach(e => e.removeAttribute('aria-invalid'));
  if (summary) { summary.hidden = true; fill(summary); }
}

function controlFor(root, name) {
  let candidate = name || '';
  while (candidate) {
    const control = root.querySelector('[data-field="' + CSS.escape(candidate) + '"]');
    if (control) return control;
    const cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
    candidate = cut > 0 ? candidate.slice(0, cut) : '';
  }
  return null;
}

/** Seconds in an ISO-8601 duration as the API writes it ("PT24H", "PT1H30M", "PT0S", "P1D"); null if unreadable. */
export function durationSeconds(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  return (Number(m[1] || 0) * 24 + Number(m[2] || 0)) * 3600 + Number(m[3] || 0) * 60 + Number(m[4] || 0);
}

export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'medium'});
}

/** A confirmation in a modal dialog (Escape cancels); resolves true when confirmed. */
export function confirmDialog(title, text, confirmLabel) {
  return new Promise(resolve => {
    const dialog = h('dialog', {class: 'confirm', 'aria-labelledby': 'confirm-title'},
      h('h2', {id: 'confirm-title'}, title),
      h('p', {}, text),
      h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'secondary', id: 'confirm-cancel', onclick: () => dialog.close('cancel')}, 'Cancel'),
        h('button', {type: 'button', class: 'danger', id: 'confirm-ok', onclick: () => dialog.close('ok')}, confirmLabel)));
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'ok'); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector('#confirm-cancel').focus();
  });
}
