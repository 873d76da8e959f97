// The connector wizard: sample → message → options → login → credentials (shown once). Editing walks the same
// steps and saves instead of showing credentials.
import {h, fill, table, api, field, showErrors, clearErrors, announce, ApiError, durationSeconds} from './dom.js';

/** The first rows are enough to detect everything; a larger file is cut after its last whole line. */
const SAMPLE_BYTES = 1024 * 1024;
const STEPS = ['Sample file', 'Message', 'Options', 'Login', 'Credentials'];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
/** The API's default and longest repeated-file windows, in hours. */
const DEFAULT_REPEATED_HOURS = 24;
const MAX_REPEATED_HOURS = 30 * 24;
const STEP_OF_FIELD = [[/^(name|sample|mapping)/, 0], [/^(sender|template)/, 1], [/^options/, 2], [/^access/, 3]];

function hoursOf(iso) {
  const seconds = durationSeconds(iso);
  return seconds === null ? '' : seconds / 3600;
}

function firstLines(bytes) {
  if (bytes.length <= SAMPLE_BYTES) return bytes;
  const cut = bytes.subarray(0, SAMPLE_BYTES).lastIndexOf(10);
  return bytes.subarray(0, cut > 0 ? cut + 1 : SAMPLE_BYTES);
}

export async function wizard(main, connectorId) {
  const editing = !!connectorId;
  const s = {
    step: 0, sampleText: null, analysis: null, name: '', sender: '', phoneColumn: '', defaultCountry: 'BE',
    template: '', maxParts: 3, dedupeWithinFile: true, dedupeAcrossFilesDays: 0,
    priority: 5, maxMessagesPerSecond: '', repeatedHours: DEFAULT_REPEATED_HOURS, repeatedFileWindow: 'PT' + DEFAULT_REPEATED_HOURS + 'H',
    expireHours: '', expireAfter: null,
    timezone: '', windows: [], closedDates: [], protocol: 'SFTP', auth: 'PASSWORD', publicKeys: ''
  };
  if (editing) {
    const c = await api('GET', '/connectors/' + encodeURIComponent(connectorId));
    const cal = c.options && c.options.calendar;
    Object.assign(s, {
      name: c.name || '', sender: c.sender || '', phoneColumn: c.mapping.phoneColumn,
      defaultCountry: c.mapping.defaultCountry || '', template: c.template || '',
      maxParts: c.options.maxParts, dedupeWithinFile: c.options.dedupeWithinFile,
      dedupeAcrossFilesDays: c.options.dedupeAcrossFilesDays,
      priority: c.options.priority ?? 5, maxMessagesPerSecond: c.options.maxMessagesPerSecond ?? '',
      // kept as the API gave it (a window set elsewhere may not be whole hours) until the field is changed
      repeatedFileWindow: c.options.repeatedFileWindow ?? null,
      repeatedHours: c.options.repeatedFileWindow ? hoursOf(c.options.repeatedFileWindow) : DEFAULT_REPEATED_HOURS,
      // kept as the API gave it, like the repeated-file window
      expireAfter: c.options.expireAfter ?? null,
      expireHours: c.options.expireAfter ? hoursOf(c.options.expireAfter) : '',
      timezone: cal ? cal.timezone || '' : '', windows: cal && cal.windows ? cal.windows.map(w => ({...w})) : [],
      closedDates: cal && cal.closedDates ? [...cal.closedDates] : [], protocol: c.access.protocol, auth: c.access.auth
    });
  }

  const summary = h('div', {class: 'error-summary', role: 'alert', id: 'wizard-errors', hidden: true, tabindex: '-1'});
  const stepNav = h('ol', {class: 'steps', 'aria-label': 'Steps'});
  const sections = STEPS.map((title, i) => h('section', {class: 'step', id: 'step-' + i, 'aria-labelledby': 'step-title-' + i, hidden: true},
    h('h2', {id: 'step-title-' + i}, (i + 1) + '. ' + (editing && i === 4 ? 'Saved' : title))));
  const root = h('div', {class: 'wizard'},
    h('h1', {}, editing ? 'Edit connector ' + s.name : 'New connector'), stepNav, summary, sections);
  fill(main, root);

  // ---- step 1: sample
  const analysisBox = h('div', {id: 'analysis', 'aria-live': 'polite'});
  const fileInput = h('input', {type: 'file', accept: '.csv,.txt,text/csv', 'data-field': 'sample'});
  const drop = h('div', {class: 'drop'}, field('sample-file', 'Sample file (CSV, header line first)', fileInput,
    editing ? 'Optional when editing: a sample lets the message be previewed and checked against its columns.'
      : 'Choose a file or drop it here. Its first rows are enough.'));
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) readSample(e.dataTransfer.files[0]); });
  fileInput.addEventListener('change', () => { if (fileInput.files[0]) readSample(fileInput.files[0]); });
  const phoneSelect = h('select', {'data-field': 'mapping.phoneColumn', onchange: e => { s.phoneColumn = e.target.value; schedulePreview(); }});
  const nameInput = h('input', {type: 'text', value: s.name, 'data-field': 'name', autocomplete: 'off', oninput: e => { s.name = e.target.value; }});
  sections[0].append(
    field('name', 'Connector name', nameInput, 'For you: shown in lists.'),
    drop, analysisBox,
    field('phone-column', 'Phone column', phoneSelect, 'Detected from the column names; change it if it is wrong.'),
    field('default-country', 'Country of local numbers', h('input', {type: 'text', value: s.defaultCountry, maxlength: 2,
      'data-field': 'mapping.defaultCountry', autocomplete: 'off', oninput: e => { s.defaultCountry = e.target.value.toUpperCase(); schedulePreview(); }}),
      'ISO code (BE, FR, NL, ...): numbers written without a country code are read as this country\'s.'));
  fillPhoneSelect();

  async function readSample(file) {
    const bytes = firstLines(new Uint8Array(await file.slice(0, SAMPLE_BYTES + 1).arrayBuffer()));
    clearErrors(root, summary);
    try {
      s.analysis = await api('POST', '/connectors/sample', bytes, 'text/csv');
    } catch (e) {
      s.analysis = null;
      return handle(e);
    }
    s.sampleText = new TextDecoder(s.analysis.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8').decode(bytes);
    if (!editing || !s.phoneColumn || !s.analysis.columns.includes(s.phoneColumn)) s.phoneColumn = s.analysis.phoneColumn || s.analysis.columns[0] || '';
    if (!s.name) { s.name = file.name.replace(/\.[^.]*$/, ''); nameInput.value = s.name; }
    renderAnalysis();
    fillPhoneSelect();
    renderVariables();
    announce('Sample analysed: ' + s.analysis.columns.length + ' columns, ' + s.analysis.rows + ' rows.');
    schedulePreview();
  }

  function renderAnalysis() {
    const a = s.analysis;
    const delimiter = a.delimiter === '\t' ? 'tab' : a.delimiter;
    fill(analysisBox, 
      h('dl', {class: 'facts'},
        h('dt', {}, 'Delimiter'), h('dd', {id: 'detected-delimiter'}, delimiter),
        h('dt', {}, 'Encoding'), h('dd', {id: 'detected-encoding'}, a.encoding + (a.byteOrderMark ? ' (with BOM)' : '')),
        h('dt', {}, 'Line ending'), h('dd', {}, a.lineEnding),
        h('dt', {}, 'Rows'), h('dd', {id: 'detected-rows'}, a.rows),
        h('dt', {}, 'Columns'), h('dd', {id: 'detected-columns'}, a.columns.join(', '))),
      a.invalidColumns.length ? h('div', {class: 'warning', id: 'invalid-columns'},
        h('p', {}, 'These column names would make an upload be rejected:'),
        h('ul', {}, a.invalidColumns.map(c => h('li', {}, 'column ' + c.position + ' "' + c.name + '": ' + c.reason)))) : null,
      a.problem ? h('p', {class: 'warning', id: 'sample-problem'}, 'An upload of this file would be rejected: ' + a.problem) : null);
  }

  function fillPhoneSelect() {
    const columns = s.analysis ? s.analysis.columns : (s.phoneColumn ? [s.phoneColumn] : []);
    fill(phoneSelect, ...columns.map(c => h('option', {value: c}, c)));
    phoneSelect.value = s.phoneColumn;
    phoneSelect.disabled = columns.length === 0;
  }

  // ---- step 2: message
  const templateInput = h('textarea', {rows: 4, 'data-field': 'template', spellcheck: 'false',
    oninput: e => { s.template = e.target.value; schedulePreview(); }});
  templateInput.value = s.template;
  const variables = h('div', {class: 'variables', id: 'variables', role: 'group', 'aria-label': 'Insert a column'});
  const previewBox = h('div', {id: 'preview', 'aria-live': 'polite'});
  sections[1].append(
    field('sender', 'Sender', h('input', {type: 'text', value: s.sender, 'data-field': 'sender', autocomplete: 'off',
      oninput: e => { s.sender = e.target.value; }}), 'Shown as the sender on the phone: up to 11 letters or digits, or a number.'),
    field('template', 'Message (Liquid)', templateInput, 'Columns are variables: {{ first_name }}. Filters such as | capitalize work.'),
    variables, h('h3', {}, 'Preview of the first 3 messages'), previewBox);
  renderVariables();

  function renderVariables() {
    const columns = s.analysis ? s.analysis.columns : [];
    fill(variables, columns.length ? h('span', {class: 'help'}, 'Insert: ') : null,
      ...columns.map(c => h('button', {type: 'button', class: 'chip', onclick: () => insertVariable(c)}, '{{ ' + c + ' }}')));
  }

  function insertVariable(column) {
    const text = '{{ ' + column + ' }}';
    const start = templateInput.selectionStart ?? templateInput.value.length;
    const end = templateInput.selectionEnd ?? start;
    templateInput.setRangeText(text, start, end, 'end');
    s.template = templateInput.value;
    templateInput.focus();
    schedulePreview();
  }

  let previewTimer = null;
  let previewSeq = 0;
  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 250);
  }

  async function preview() {
    if (!s.sampleText) {
      fill(previewBox, h('p', {class: 'help'}, 'Choose a sample file in step 1 to see the messages.'));
      return;
    }
    if (!s.template.trim()) {
      fill(previewBox, h('p', {class: 'help'}, 'Write the message to see it.'));
      return;
    }
    const seq = ++previewSeq;
    try {
      const p = await api('POST', '/connectors/preview', {template: s.template,
        mapping: {phoneColumn: s.phoneColumn, defaultCountry: s.defaultCountry || null}, options: options(), sample: s.sampleText,
        connectorId: connectorId || null});
      if (seq !== previewSeq) return;
      clearErrors(root, summary);
      renderPreview(p);
    } catch (e) {
      if (seq !== previewSeq) return;
      fill(previewBox, h('p', {class: 'help'}, 'No preview until the errors are fixed.'));
      handle(e, false);
    }
  }

  function renderPreview(p) {
    fill(previewBox, 
      h('p', {id: 'preview-summary'}, p.rows + ' rows: ' + p.messageCount + ' messages, ' + p.refusedCount + ' refused'
        + (p.suppressedCount ? ' (' + p.suppressedCount + ' on the suppression list).' : '.')),
      table({id: 'preview-messages'}, ['Row', 'Phone', 'Message', 'Encoding', 'Parts'], p.messages.map(m => ({cells: [
        m.rowNumber, m.phone, h('td', {class: 'text'}, m.text), m.encoding, m.parts + ' (' + m.units + ' chars)']}))),
      p.refused.length ? h('div', {},
        h('h3', {}, 'Refused rows'),
        table({id: 'preview-refused'}, ['Row', 'Phone', 'Reason', 'Detail'], p.refused.map(r => ({cells: [
          r.rowNumber, r.phone, r.statusReason, r.detail]})))) : null,
      p.warnings.length ? h('ul', {class: 'warning', id: 'preview-warnings'}, p.warnings.map(w => h('li', {}, w.field + ': ' + w.reason))) : null);
  }

  // ---- step 3: options
  const windowsBox = h('div', {id: 'windows'});
  const closedList = h('ul', {id: 'closed-dates', class: 'plain'});
  const closedInput = h('input', {type: 'date', 'data-field': 'options.calendar.closedDates'});
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  sections[2].append(
    field('max-parts', 'Longest message, in SMS parts', h('input', {type: 'number', min: 1, max: 10, value: s.maxParts,
      'data-field': 'options.maxParts', oninput: e => { s.maxParts = e.target.value; schedulePreview(); }}),
      'A row whose message needs more parts is refused (802).'),
    h('div', {class: 'field check'},
      h('input', {type: 'checkbox', id: 'dedupe-within-file', checked: s.dedupeWithinFile, 'data-field': 'options.dedupeWithinFile',
        onchange: e => { s.dedupeWithinFile = e.target.checked; schedulePreview(); }}),
      h('label', {for: 'dedupe-within-file'}, 'Send once per recipient within a file'),
      h('p', {class: 'field-error', id: 'dedupe-within-file-error', hidden: true})),
    field('dedupe-days', 'Do not send again to a recipient for this many days (0: off)', h('input', {type: 'number', min: 0,
      value: s.dedupeAcrossFilesDays, 'data-field': 'options.dedupeAcrossFilesDays', oninput: e => { s.dedupeAcrossFilesDays = e.target.value; }})),
    field('repeated-hours', 'Ignore a file already processed within this many hours (0: off)', h('input', {type: 'number', min: 0,
      max: MAX_REPEATED_HOURS, step: 1, value: s.repeatedHours, 'data-field': 'options.repeatedFileWindow',
      oninput: e => { s.repeatedHours = e.target.value; s.repeatedFileWindow = hoursAsDuration(e.target.value); }}),
      'A file with the same content as one processed that recently is not sent again (it is IGNORED). At most '
        + MAX_REPEATED_HOURS + ' hours (30 days); empty: the default, ' + DEFAULT_REPEATED_HOURS + '.'),
    field('expire-hours', 'Give up on a message not sent within this many hours after its file arrived (empty: never)',
      h('input', {type: 'number', min: 0, step: 'any', value: s.expireHours, 'data-field': 'options.expireAfter',
        oninput: e => { s.expireHours = e.target.value; s.expireAfter = hoursAsDuration(e.target.value); }}),
      'A message held by the sending calendar (or waiting its turn) past it is not sent (805); one sent in time tells the '
        + 'operator to stop trying after it. At most 720 hours (30 days).'),
    h('fieldset', {}, h('legend', {}, 'Sending speed'),
      field('priority', 'Priority (1 to 10)', h('input', {type: 'number', min: 1, max: 10, step: 1, value: s.priority,
        'data-field': 'options.priority', oninput: e => { s.priority = e.target.value; }}),
        'This connector\'s share of the SMSC when other connectors send at the same time: 10 gets twice the share of 5. Default 5.'),
      field('max-rate', 'Most messages per second (empty: no limit)', h('input', {type: 'number', min: 1, step: 1,
        value: s.maxMessagesPerSecond, 'data-field': 'options.maxMessagesPerSecond', oninput: e => { s.maxMessagesPerSecond = e.target.value; }}),
        'Messages over it wait for their turn; none is refused.')),
    h('fieldset', {}, h('legend', {}, 'Sending calendar'),
      h('p', {class: 'help'}, 'Leave empty to send at any time. Outside the windows and on closed dates messages wait.'),
      field('timezone', 'Time zone', h('input', {type: 'text', value: s.timezone, list: 'zones', 'data-field': 'options.calendar.timezone',
        autocomplete: 'off', placeholder: 'Europe/Brussels', oninput: e => { s.timezone = e.target.value; }})),
      h('datalist', {id: 'zones'}, zones.map(z => h('option', {value: z}))),
      windowsBox,
      h('button', {type: 'button', class: 'secondary', id: 'add-window', onclick: () => {
        s.windows.push({days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], from: '09:00', to: '18:00'}); renderWindows();
        windowsBox.querySelector('fieldset:last-of-type input').focus(); }}, 'Add a window'),
      field('closed-date', 'Closed date', closedInput),
      h('button', {type: 'button', class: 'secondary', id: 'add-closed-date', onclick: () => {
        if (closedInput.value && !s.closedDates.includes(closedInput.value)) { s.closedDates.push(closedInput.value); s.closedDates.sort(); renderClosed(); }
        closedInput.value = ''; }}, 'Add the date'),
      closedList));
  renderWindows();
  renderClosed();

  function renderWindows() {
    fill(windowsBox, ...s.windows.map((w, i) => {
      const prefix = 'options.calendar.windows[' + i + ']';
      const days = h('div', {class: 'days', id: 'window-' + i + '-days', role: 'group', 'aria-label': 'Days of window ' + (i + 1),
        'data-field': prefix + '.days', tabindex: '-1'},
        DAYS.map(d => h('label', {class: 'day'}, h('input', {type: 'checkbox', checked: w.days.includes(d),
          onchange: e => { w.days = e.target.checked ? DAYS.filter(x => x === d || w.days.includes(x)) : w.days.filter(x => x !== d); }}), d)));
      return h('fieldset', {class: 'window'}, h('legend', {}, 'Window ' + (i + 1)),
        h('div', {'data-field': prefix, id: 'window-' + i, tabindex: '-1'}, days, h('p', {class: 'field-error', id: 'window-' + i + '-days-error', hidden: true})),
        h('p', {class: 'field-error', id: 'window-' + i + '-error', hidden: true}),
        h('div', {class: 'row'},
          field('window-' + i + '-from', 'From (HH:mm)', timeInput(w.from, prefix + '.from', v => { w.from = v; })),
          field('window-' + i + '-to', 'To (HH:mm, 24:00 for midnight)', timeInput(w.to, prefix + '.to', v => { w.to = v; }))),
        h('button', {type: 'button', class: 'secondary', onclick: () => { s.windows.splice(i, 1); renderWindows(); }}, 'Remove window ' + (i + 1)));
    }));
  }

  /** A time as text: 24:00 (end of day) is a valid end, which a time picker cannot show. */
  function timeInput(value, dataField, set) {
    return h('input', {type: 'text', value, size: 5, maxlength: 5, inputmode: 'numeric', pattern: '([01][0-9]|2[0-4]):[0-5][0-9]',
      autocomplete: 'off', 'data-field': dataField, oninput: e => set(e.target.value.trim())});
  }

  function renderClosed() {
    fill(closedList, ...s.closedDates.map((d, i) => h('li', {}, d + ' ',
      h('button', {type: 'button', class: 'link', onclick: () => { s.closedDates.splice(i, 1); renderClosed(); }}, 'Remove ' + d))));
  }

  // ---- step 4: login
  const keysInput = h('textarea', {rows: 3, 'data-field': 'access.publicKeys', spellcheck: 'false', placeholder: 'ssh-ed25519 AAAA... name',
    oninput: e => { s.publicKeys = e.target.value; }});
  const keysField = field('public-keys', 'SSH public keys, one per line', keysInput, 'The OpenSSH lines of the keys allowed to log in (ssh-ed25519, ecdsa, rsa of 3072 bits or more).');
  const radios = (name, dataField, values, current, onPick, disabled) => h('fieldset', {id: name, 'data-field': dataField, tabindex: '-1'},
    h('legend', {}, name === 'protocol' ? 'Protocol' : 'Login with'),
    values.map(([value, label]) => h('label', {class: 'radio'}, h('input', {type: 'radio', name, value, checked: value === current,
      disabled, onchange: () => onPick(value)}), label)),
    h('p', {class: 'field-error', id: name + '-error', hidden: true}));
  sections[3].append(
    radios('protocol', 'access.protocol', [['SFTP', 'SFTP (SSH)'], ['FTPS', 'FTPS (FTP over TLS)']], s.protocol, v => { s.protocol = v; syncLogin(); }),
    radios('auth', 'access.auth', [['PASSWORD', 'a password (generated)'], ['PUBLIC_KEY', 'SSH keys (SFTP only)']], s.auth,
      v => { s.auth = v; syncLogin(); }, editing),
    editing ? h('p', {class: 'help'}, 'The login method stays; new credentials or keys are set from the connector page (Rotate).') : keysField,
    h('div', {class: 'actions'}, h('button', {type: 'button', id: 'create', onclick: submit}, editing ? 'Save changes' : 'Create the connector')));
  function syncLogin() {
    if (!editing) keysField.hidden = s.auth !== 'PUBLIC_KEY';
  }
  syncLogin();

  // ---- navigation
  const back = h('button', {type: 'button', class: 'secondary', id: 'back', onclick: () => go(s.step - 1)}, 'Back');
  const next = h('button', {type: 'button', id: 'next', onclick: () => go(s.step + 1)}, 'Next');
  const navButtons = h('div', {class: 'actions nav'}, back, next);
  root.append(navButtons);

  function go(step, focus = true) {
    if (step === 1 && s.step === 0 && !editing && !s.analysis) {
      showErrors(root, [{field: 'sample', reason: 'Choose a sample file first: its columns are needed for the next steps.'}], summary).focus();
      return;
    }
    s.step = Math.max(0, Math.min(step, 3));
    render(focus);
    if (s.step === 1) preview();
  }

  function render(focus) {
    sections.forEach((sec, i) => { sec.hidden = i !== s.step; });
    fill(stepNav, ...STEPS.slice(0, editing ? 4 : 5).map((t, i) => h('li', {'aria-current': i === s.step ? 'step' : null,
      class: i < s.step ? 'done' : null}, t)));
    back.hidden = s.step === 0 || s.step === 4;
    next.hidden = s.step >= 3;
    if (focus) sections[s.step].querySelector('h2').setAttribute('tabindex', '-1'), sections[s.step].querySelector('h2').focus();
  }

  function options() {
    const calendar = s.timezone || s.windows.length || s.closedDates.length
      ? {timezone: s.timezone || null, windows: s.windows, closedDates: s.closedDates} : null;
    const optional = v => String(v).trim() === '' ? null : Number(v);
    return {maxParts: Number(s.maxParts), dedupeWithinFile: s.dedupeWithinFile,
      dedupeAcrossFilesDays: Number(s.dedupeAcrossFilesDays), calendar, priority: optional(s.priority),
      maxMessagesPerSecond: optional(s.maxMessagesPerSecond), repeatedFileWindow: s.repeatedFileWindow,
      expireAfter: s.expireAfter};
  }

  /** Hours as an ISO-8601 duration ("PT12H"; a fraction in seconds); empty leaves the API's default. */
  function hoursAsDuration(value) {
    if (String(value).trim() === '') return null;
    const hours = Number(value);
    return Number.isInteger(hours) ? 'PT' + hours + 'H' : 'PT' + Math.round(hours * 3600) + 'S';
  }

  function request() {
    const keys = s.publicKeys.split('\n').map(k => k.trim()).filter(k => k);
    return {name: s.name, sender: s.sender, mapping: {phoneColumn: s.phoneColumn, defaultCountry: s.defaultCountry || null},
      template: s.template, options: options(),
      access: editing ? {protocol: s.protocol} : {protocol: s.protocol, auth: s.auth, publicKeys: s.auth === 'PUBLIC_KEY' ? keys : null},
      columns: s.analysis ? s.analysis.columns : null};
  }

  async function submit() {
    clearErrors(root, summary);
    try {
      if (editing) {
        await api('PUT', '/connectors/' + encodeURIComponent(connectorId), request());
        announce('Saved.');
        location.hash = '#/connectors/' + encodeURIComponent(connectorId);
        return;
      }
      const created = await api('POST', '/connectors', request());
      showCredentials(created);
    } catch (e) {
      handle(e);
    }
  }

  /** Field errors next to their fields, on the step that holds the first one. */
  function handle(e, jump = true) {
    if (!(e instanceof ApiError)) throw e;
    const errors = e.errors.length ? e.errors : [{field: '', reason: e.message}];
    if (jump) {
      const firstField = errors[0].field || '';
      const step = (STEP_OF_FIELD.find(([re]) => re.test(firstField)) || [null, s.step])[1];
      if (step !== s.step) { s.step = step; render(false); }
    }
    const first = showErrors(root, errors, summary);
    if (first && jump) first.focus();
  }

  function showCredentials(created) {
    const c = created.credentials;
    s.step = 4;
    sections.forEach((sec, i) => { sec.hidden = i !== 4; });
    navButtons.hidden = true;
    fill(stepNav, ...STEPS.map((t, i) => h('li', {'aria-current': i === 4 ? 'step' : null, class: i < 4 ? 'done' : null}, t)));
    const command = c.protocol === 'SFTP'
      ? 'sftp -P ' + c.port + (c.password ? '' : ' -i ~/.ssh/id_ed25519') + ' ' + c.username + '@' + c.host
      : 'lftp -u ' + c.username + ' -e "set ftp:ssl-force true" -p ' + c.port + ' ' + c.host;
    const copy = (id, text) => h('button', {type: 'button', class: 'secondary copy', 'aria-label': 'Copy ' + id,
      onclick: async () => { try { await navigator.clipboard.writeText(text); announce('Copied.'); } catch (err) { announce('Select and copy it by hand.'); } }}, 'Copy');
    sections[4].append(
      h('p', {class: 'warning', role: 'status'}, c.password ? 'The password is shown only now: copy it before you leave this page.'
        : 'The login uses the SSH keys you gave.'),
      h('dl', {class: 'facts', id: 'credentials'},
        h('dt', {}, 'Host'), h('dd', {id: 'cred-host'}, c.host),
        h('dt', {}, 'Port'), h('dd', {id: 'cred-port'}, c.port),
        h('dt', {}, 'User'), h('dd', {id: 'cred-user'}, c.username, ' ', copy('user', c.username)),
        c.password ? [h('dt', {}, 'Password'), h('dd', {}, h('code', {id: 'cred-password'}, c.password), ' ', copy('password', c.password))] : null),
      h('p', {}, 'Upload a file with:'),
      h('pre', {}, h('code', {id: 'cred-command'}, command)), copy('command', command),
      h('p', {}, h('a', {href: '#/connectors/' + encodeURIComponent(created.id), id: 'open-connector'}, 'Open the connector ' + created.name)));
    sections[4].querySelector('h2').setAttribute('tabindex', '-1');
    sections[4].querySelector('h2').focus();
    announce('Connector created.');
  }

  render(false);
}
