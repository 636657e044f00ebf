/// The composer's macro picker on the ticket page: `m` (or the Macros button) opens a filterable listbox; ↑/↓
/// choose, Enter inserts the macro's text rendered for this ticket (from the preview endpoint, as plain text into
/// the textarea), Esc closes. The chosen macro's field changes are applied when the message is sent: `ticket.js`
/// hands the send to `SB.macroSend`, which posts to the apply endpoint (one transaction with the message).
enum MacroJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});
const root = document.getElementById('ticket');
const ticketId = root ? Number(root.dataset.ticketId) : 0;
const openButton = document.getElementById('macro-open');
const picker = document.getElementById('macro-picker');
const filter = document.getElementById('macro-filter');
const list = document.getElementById('macro-list');
const empty = document.getElementById('macro-empty');
const errorBox = document.getElementById('macro-error');
const applied = document.getElementById('macro-applied');
const appliedText = document.getElementById('macro-applied-text');
const bodyField = document.getElementById('composer-body');
const storeKey = 'sb-macro:' + ticketId;
let pending = null;
let active = -1;

function visibleOptions() {
  return Array.from(list.querySelectorAll('[role=option]')).filter((o) => !o.hidden);
}

function setActive(index) {
  const options = visibleOptions();
  list.querySelectorAll('[role=option]').forEach((o) => o.setAttribute('aria-selected', 'false'));
  active = options.length ? Math.max(0, Math.min(options.length - 1, index)) : -1;
  if (active < 0) { filter.removeAttribute('aria-activedescendant'); return; }
  const option = options[active];
  option.setAttribute('aria-selected', 'true');
  filter.setAttribute('aria-activedescendant', option.id);
  option.scrollIntoView({ block: 'nearest' });
}

function applyFilter() {
  const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  list.querySelectorAll('[role=option]').forEach((o) => {
    const text = o.textContent.toLowerCase();
    o.hidden = !words.every((w) => text.indexOf(w) >= 0);
    if (!o.hidden) { shown += 1; }
  });
  empty.hidden = shown > 0;
  setActive(0);
}

function openPicker() {
  if (!picker) { return; }
  picker.hidden = false;
  openButton.setAttribute('aria-expanded', 'true');
  filter.value = '';
  SB.showError(errorBox, '');
  applyFilter();
  filter.focus();
}

function closePicker(focusBody) {
  if (!picker || picker.hidden) { return; }
  picker.hidden = true;
  openButton.setAttribute('aria-expanded', 'false');
  (focusBody ? bodyField : openButton).focus();
}
SB.openMacros = openPicker;

function showPending() {
  if (!applied) { return; }
  applied.hidden = !pending;
  appliedText.textContent = pending
    ? 'Macro “' + pending.name + '”' + (pending.summary ? ' — on send: ' + pending.summary : '')
    : '';
}

function clearPending() {
  pending = null;
  try { localStorage.removeItem(storeKey); } catch (e) { /* nothing stored */ }
  showPending();
}

async function choose(option) {
  if (!option) { return; }
  const id = Number(option.dataset.macroId);
  SB.showError(errorBox, '');
  try {
    const preview = await SB.api('POST', '/api/v1/tickets/' + ticketId + '/macros/' + id + '/preview');
    if (preview.body) {
      const current = bodyField.value.replace(/\s+$/, '');
      bodyField.value = current ? current + '\n\n' + preview.body : preview.body;
    }
    const hint = option.querySelector('.hint');
    const changes = preview.changes || {};
    const changesSomething = ['status', 'priority', 'type', 'assignee_id', 'team_id'].some((k) => changes[k] != null)
      || (changes.add_tags || []).length > 0 || (changes.remove_tags || []).length > 0;
    pending = { id, name: option.dataset.macroName, summary: changesSomething && hint ? hint.textContent : '' };
    try { localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* best effort */ }
    showPending();
    closePicker(true);
    bodyField.dispatchEvent(new Event('input', { bubbles: true }));
    bodyField.setSelectionRange(bodyField.value.length, bodyField.value.length);
  } catch (e) {
    SB.showError(errorBox, e.status === 404 ? 'This macro no longer exists.' : e.message);
  }
}

/** Used by ticket.js: sends the composer's text through the chosen macro (text + field changes together). */
SB.macroSend = {
  pending: () => pending !== null,
  send: async (mode, text, status) => {
    const payload = { body: text, kind: mode === 'reply' ? 'reply' : 'note' };
    if (status && mode === 'reply') { payload.status = status; }
    const result = await SB.api('POST', '/api/v1/tickets/' + ticketId + '/macros/' + pending.id + '/apply', payload);
    clearPending();
    return result;
  }
};

if (picker && ticketId) {
  try {
    const stored = JSON.parse(localStorage.getItem(storeKey) || 'null');
    if (stored && typeof stored.id === 'number') { pending = stored; showPending(); }
  } catch (e) { /* ignore a broken entry */ }
  openButton.addEventListener('click', () => (picker.hidden ? openPicker() : closePicker(false)));
  document.getElementById('macro-clear').addEventListener('click', () => { clearPending(); bodyField.focus(); });
  filter.addEventListener('input', applyFilter);
  filter.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); setActive(active + 1); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(active - 1); }
    else if (event.key === 'Enter') { event.preventDefault(); choose(visibleOptions()[active]); }
    else if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); closePicker(false); }
  });
  list.addEventListener('click', (event) => {
    const option = event.target.closest('[role=option]');
    if (option) { choose(option); }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'm' || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) { return; }
    const target = event.target;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) { return; }
    const dialog = document.getElementById('help-dialog');
    if (dialog && dialog.open) { return; }
    event.preventDefault();
    openPicker();
  });
}
"""#
}
