// The console's read views: connectors, one connector with its files, one file. Progress refreshes itself
// every 2 seconds until every row of every shown file is final.
import {h, fill, table, api, formatTime, confirmDialog, announce, ApiError, field, showErrors, durationSeconds} from './dom.js';

const REFRESH_MS = 2000;
const IDLE_REFRESH_MS = 10000;

export async function connectorList(main) {
  const connectors = await api('GET', '/connectors');
  fill(main, 
    h('div', {class: 'heading'}, h('h1', {}, 'Connectors'),
      h('a', {class: 'button', href: '#/connectors/new', id: 'new-connector'}, 'New connector')),
    connectors.length === 0 ? h('p', {}, 'No connector yet. Create one from a sample of the files you will upload.') :
      table({id: 'connectors'}, ['Name', 'Protocol', 'Login', 'User', 'Updated'], connectors.map(c => ({cells: [
        h('a', {href: '#/connectors/' + encodeURIComponent(c.id)}, c.name), c.access.protocol,
        c.access.auth === 'PASSWORD' ? 'password' : 'SSH keys', c.access.username, formatTime(c.updatedAt)]}))));
}

/** A progress bar and its words: how many rows have a final status, of how many. */
export function progressBar(f, id) {
  const settled = f.refusedCount + f.delivered + f.failedCount;
  const label = f.state === 'REJECTED' || f.state === 'IGNORED' ? f.state.toLowerCase()
    : f.state === 'DRY_RUN' ? 'dry run, nothing sent: the result is in exports/'
    : settled + ' of ' + f.rows + ' rows final' + (f.finished ? '' : f.state === 'ACCEPTED' ? ' (still splitting)' : '');
  return h('div', {class: 'progress'},
    h('progress', {max: Math.max(f.rows, 1), value: f.finished && f.rows === 0 ? 1 : settled, id, 'aria-label': 'Progress of ' + (f.fileName || f.fileIngestionId)}),
    h('span', {class: 'progress-label'}, label));
}

function stateOf(f) {
  if (f.state === 'COMPLETED') return f.finished ? 'done' : 'sending';
  if (f.state === 'DRY_RUN') return 'dry run';
  return f.state.toLowerCase();
}

/** A repeated-file window in words; null is the API's default of a day. */
function repeatedFiles(iso) {
  const seconds = iso ? durationSeconds(iso) : 24 * 3600;
  if (seconds === 0) return 'not checked';
  return 'ignored when the same content was processed within ' + span(iso, seconds);
}

/** A duration in hours when whole, else in seconds; as written when it cannot be read. */
function span(iso, seconds) {
  const hours = seconds === null ? null : seconds / 3600;
  return hours === null ? iso : Number.isInteger(hours) ? hours + (hours === 1 ? ' hour' : ' hours') : seconds + ' seconds';
}

/** expireAfter in words; null: never. */
function expiry(iso) {
  if (!iso) return 'never: a held message waits for its window';
  return 'not sent when still waiting ' + span(iso, durationSeconds(iso)) + ' after its file arrived (805)';
}

export async function connectorView(main, id, onLeave) {
  const c = await api('GET', '/connectors/' + encodeURIComponent(id));
  const cal = c.options.calendar;
  const filesBox = h('div', {id: 'files', 'aria-live': 'off'});
  const rotateBox = h('div', {id: 'rotate-result'});
  const exportsBox = h('div', {id: 'exports'});
  async function listExports() {
    const files = await api('GET', '/exports/' + encodeURIComponent(id));
    fill(exportsBox, files.length === 0 ? h('p', {}, 'No export file yet: each day\'s files are written after 02:00 UTC the next day.') :
      table({id: 'exports-table'}, ['File', 'Size', 'Written'], files.map(f => ({cells: [
        h('a', {href: '/api/v1/exports/' + encodeURIComponent(id) + '/files/' + encodeURIComponent(f.name), download: f.name}, f.name),
        f.bytes + ' bytes', formatTime(f.modifiedAt)]}))));
  }
  fill(main, 
    h('div', {class: 'heading'}, h('h1', {}, c.name),
      h('div', {class: 'actions'},
        h('a', {class: 'button', href: '#/connectors/' + encodeURIComponent(id) + '/edit', id: 'edit'}, 'Edit'),
        h('button', {type: 'button', class: 'secondary', id: 'rotate', onclick: rotate}, c.access.auth === 'PASSWORD' ? 'New password' : 'Replace SSH keys'),
        h('button', {type: 'button', class: 'danger', id: 'delete', onclick: remove}, 'Delete'))),
    rotateBox,
    h('dl', {class: 'facts', id: 'connector-facts'},
      h('dt', {}, 'Sender'), h('dd', {}, c.sender),
      h('dt', {}, 'Phone column'), h('dd', {}, c.mapping.phoneColumn + (c.mapping.defaultCountry ? ' (local numbers: ' + c.mapping.defaultCountry + ')' : '')),
      h('dt', {}, 'Message'), h('dd', {id: 'connector-template'}, h('code', {}, c.template)),
      h('dt', {}, 'Options'), h('dd', {}, 'at most ' + c.options.maxParts + ' parts; ' +
        (c.options.dedupeWithinFile ? 'once per recipient per file' : 'repeats within a file sent') + '; ' +
        (c.options.dedupeAcrossFilesDays ? 'not again within ' + c.options.dedupeAcrossFilesDays + ' days' : 'no cross-file de-duplication')),
      h('dt', {}, 'Repeated files'), h('dd', {id: 'connector-repeated'}, repeatedFiles(c.options.repeatedFileWindow)),
      h('dt', {}, 'Expiry'), h('dd', {id: 'connector-expiry'}, expiry(c.options.expireAfter)),
      h('dt', {}, 'Priority'), h('dd', {id: 'connector-priority'}, (c.options.priority ?? 5) + ' of 10'),
      h('dt', {}, 'Speed limit'), h('dd', {id: 'connector-rate'}, c.options.maxMessagesPerSecond
        ? 'at most ' + c.options.maxMessagesPerSecond + ' messages per second' : 'none'),
      h('dt', {}, 'Calendar'), h('dd', {}, !cal ? 'any time' : (cal.timezone || '') + ' ' +
        (cal.windows || []).map(w => w.days.join(',') + ' ' + w.from + '–' + w.to).join('; ') +
        (cal.closedDates && cal.closedDates.length ? '; closed ' + cal.closedDates.join(', ') : '')),
      h('dt', {}, 'Login'), h('dd', {}, c.access.protocol + ', user ' + c.access.username + ', ' + (c.access.auth === 'PASSWORD' ? 'password' : 'SSH keys'))),
    h('h2', {}, 'Files'), filesBox,
    h('h2', {}, 'Export files'), exportsBox);
  await listExports();

  let timer = null;
  async function refresh() {
    let files;
    try {
      files = await api('GET', '/ingestions?connectorId=' + encodeURIComponent(id));
    } catch (e) {
      fill(filesBox, h('p', {class: 'warning'}, 'Progress is not available right now: ' + e.message));
      timer = setTimeout(refresh, REFRESH_MS);
      return;
    }
    fill(filesBox, files.length === 0 ? h('p', {}, 'No file received yet.') :
      table({id: 'files-table'}, ['File', 'Received', 'State', 'Progress', 'Rows', 'Delivered', 'Failed', 'Refused', 'Pending'],
        files.map(f => ({attrs: {'data-file': f.fileIngestionId}, cells: [
          h('a', {href: '#/files/' + encodeURIComponent(f.fileIngestionId)}, f.fileName || f.fileIngestionId),
          formatTime(f.receivedAt), h('td', {class: 'state'}, stateOf(f)), progressBar(f),
          h('td', {class: 'rows'}, f.rows), h('td', {class: 'delivered'}, f.delivered), h('td', {class: 'failed'}, f.failedCount),
          h('td', {class: 'refused'}, f.refusedCount), h('td', {class: 'pending'}, f.pending)]}))));
    // quickly while a file is on its way; slowly once all are final, to notice the next upload
    timer = setTimeout(refresh, files.every(f => f.finished) ? IDLE_REFRESH_MS : REFRESH_MS);
  }
  onLeave(() => clearTimeout(timer));
  await refresh();

  async function rotate() {
    if (c.access.auth === 'PASSWORD') {
      if (!await confirmDialog('New password for ' + c.name + '?', 'The current password stops working at once.', 'Make a new password')) return;
      const r = await api('POST', '/connectors/' + encodeURIComponent(id) + '/credentials');
      fill(rotateBox, h('div', {class: 'card', role: 'status'},
        h('p', {class: 'warning'}, 'Shown only now:'),
        h('dl', {class: 'facts'}, h('dt', {}, 'User'), h('dd', {}, r.credentials.username),
          h('dt', {}, 'Password'), h('dd', {}, h('code', {id: 'rotated-password'}, r.credentials.password)))));
      return;
    }
    const keys = h('textarea', {rows: 3, 'data-field': 'publicKeys', spellcheck: 'false'});
    fill(rotateBox, h('form', {class: 'card', onsubmit: async e => {
      e.preventDefault();
      try {
        await api('POST', '/connectors/' + encodeURIComponent(id) + '/credentials',
          {publicKeys: keys.value.split('\n').map(k => k.trim()).filter(k => k)});
        fill(rotateBox, h('p', {role: 'status'}, 'Keys replaced.'));
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const first = showErrors(rotateBox, err.errors, null);
        if (first) first.focus();
      }
    }}, field('new-keys', 'New SSH public keys, one per line', keys), h('button', {type: 'submit'}, 'Replace the keys')));
    keys.focus();
  }

  async function remove() {
    if (!await confirmDialog('Delete ' + c.name + '?', 'Its login stops working at once and rows not yet sent are refused (830). This cannot be undone.', 'Delete')) return;
    await api('DELETE', '/connectors/' + encodeURIComponent(id));
    announce('Deleted ' + c.name + '.');
    location.hash = '#/connectors';
  }
}

export async function fileView(main, id, onLeave) {
  const box = h('div', {id: 'file'});
  fill(main, box);
  let timer = null;
  onLeave(() => clearTimeout(timer));
  async function refresh() {
    const f = await api('GET', '/ingestions/' + encodeURIComponent(id));
    const byReason = (title, map, tableId) => Object.keys(map).length === 0 ? null : h('div', {},
      h('h2', {}, title),
      table({id: tableId}, ['Reason', 'Rows'], Object.entries(map).map(([reason, n]) => ({cells: [reason, n]}))));
    fill(box, 
      h('p', {}, h('a', {href: '#/connectors/' + encodeURIComponent(f.connectorId)}, '← Connector')),
      h('h1', {}, f.fileName || f.fileIngestionId),
      progressBar(f, 'file-progress'),
      h('dl', {class: 'facts', id: 'file-counts'},
        h('dt', {}, 'State'), h('dd', {id: 'file-state'}, stateOf(f) + (f.reason ? ' — ' + f.reason : '')),
        h('dt', {}, 'Received'), h('dd', {}, formatTime(f.receivedAt)),
        h('dt', {}, 'Rows'), h('dd', {id: 'file-rows'}, f.rows),
        h('dt', {}, 'Submitted'), h('dd', {id: 'file-submitted'}, f.submitted),
        h('dt', {}, 'Awaiting receipt'), h('dd', {id: 'file-awaiting'}, f.awaitingReceipt),
        h('dt', {}, 'Delivered'), h('dd', {id: 'file-delivered'}, f.delivered),
        h('dt', {}, 'Failed'), h('dd', {id: 'file-failed'}, f.failedCount),
        h('dt', {}, 'Refused'), h('dd', {id: 'file-refused'}, f.refusedCount),
        h('dt', {}, 'Pending'), h('dd', {id: 'file-pending'}, f.pending),
        h('dt', {}, 'File id'), h('dd', {}, h('code', {}, f.fileIngestionId))),
      byReason('Refused rows by reason', f.refused, 'refused-by-reason'),
      byReason('Failed rows by reason', f.failed, 'failed-by-reason'));
    if (!f.finished) timer = setTimeout(refresh, REFRESH_MS);
  }
  await refresh();
}
