/// The inbox list: row selection, bulk actions through the ticket API (field changes, and merging two or more
/// selected tickets into one of them after a confirmation), opening rows, and live refresh of the list (the
/// server-rendered `inbox_list` fragment) when tickets change.
enum InboxJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});
const list = document.getElementById('inbox-list');
const bulk = document.getElementById('bulk');
const bulkCount = document.getElementById('bulk-count');
const bulkMerge = document.getElementById('bulk-merge');
const mergeTarget = document.getElementById('bulk-merge-target');

/** "#12 Subject" of a listed ticket, from its row. */
function ticketLabel(id) {
  const row = document.querySelector('tr[data-ticket-id="' + CSS.escape(String(id)) + '"]');
  if (!row) { return '#?'; }
  const number = row.querySelector('.num');
  const subject = row.querySelector('.subject a');
  return (number ? number.textContent : '') + ' ' + (subject ? subject.textContent : '');
}

/** Offers the selected tickets as merge targets (two or more selected), keeping the chosen one. */
function syncMerge(ids) {
  if (!bulkMerge || !mergeTarget) { return; }
  bulkMerge.hidden = ids.length < 2;
  const chosen = mergeTarget.value;
  mergeTarget.replaceChildren(...ids.map((id) => {
    const option = document.createElement('option');
    option.value = String(id);
    option.textContent = ticketLabel(id);
    return option;
  }));
  if (ids.map(String).indexOf(chosen) >= 0) { mergeTarget.value = chosen; }
}

function selectedIds() {
  return Array.from(document.querySelectorAll('.row-select:checked')).map((box) => Number(box.value));
}

function syncSelection() {
  const ids = selectedIds();
  document.querySelectorAll('tr[data-ticket-id]').forEach((row) => {
    const box = row.querySelector('.row-select');
    row.classList.toggle('selected', !!(box && box.checked));
  });
  if (bulk) { bulk.hidden = ids.length === 0; }
  if (bulkCount) { bulkCount.textContent = String(ids.length); }
  syncMerge(ids);
  const all = document.getElementById('select-all');
  const boxes = document.querySelectorAll('.row-select');
  if (all) { all.checked = boxes.length > 0 && ids.length === boxes.length; }
}
SB.syncSelection = syncSelection;

if (list) {
  list.addEventListener('change', (event) => {
    if (event.target.id === 'select-all') {
      document.querySelectorAll('.row-select').forEach((box) => { box.checked = event.target.checked; });
    }
    syncSelection();
  });
  list.addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-href]');
    if (!row || event.target.closest('a, input, button, label')) { return; }
    window.location.assign(row.dataset.href);
  });
}

let refreshing = false;
let again = false;
/** Re-renders the list from the server, keeping the selection and the keyboard cursor. */
SB.refreshInbox = async function () {
  if (!list) { return; }
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    const keep = new Set(selectedIds());
    const cursor = document.querySelector('tr.cursor');
    const cursorId = cursor ? cursor.dataset.ticketId : null;
    const html = await SB.fragment(list.dataset.fragment);
    list.innerHTML = html;
    document.querySelectorAll('.row-select').forEach((box) => { box.checked = keep.has(Number(box.value)); });
    if (cursorId) {
      const row = document.querySelector('tr[data-ticket-id="' + CSS.escape(cursorId) + '"]');
      if (row) { row.classList.add('cursor'); }
    }
    syncSelection();
  } catch (e) {
    /* keep the current list */
  } finally {
    refreshing = false;
    if (again) { again = false; SB.refreshInbox(); }
  }
};

let refreshTimer = null;
document.addEventListener('sb:event', (event) => {
  const type = String(event.detail.type || '');
  if (type.indexOf('ticket.') === 0 || type === 'message.created') {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(SB.refreshInbox, 200);
  }
});
document.addEventListener('sb:reconnected', () => SB.refreshInbox());

/** Applies `changes` to every id with PATCH; resolves with the number of failures and the first message. */
SB.bulkUpdate = async function (ids, changes) {
  let failed = 0;
  let firstError = '';
  for (const id of ids) {
    try {
      await SB.api('PATCH', '/api/v1/tickets/' + id, changes);
    } catch (e) {
      failed += 1;
      if (!firstError) { firstError = e.message; }
    }
  }
  return { failed, firstError };
};

if (bulk) {
  bulk.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ids = selectedIds();
    const form = new FormData(bulk);
    const changes = {};
    const assignee = form.get('assignee_id');
    if (assignee === 'none') { changes.assignee_id = null; }
    else if (assignee) { changes.assignee_id = Number(assignee); }
    if (form.get('status')) { changes.status = form.get('status'); }
    if (form.get('priority')) { changes.priority = form.get('priority'); }
    const tag = String(form.get('tag') || '').trim();
    if (tag) { changes.add_tags = tag.split(',').map((t) => t.trim()).filter(Boolean); }
    if (ids.length === 0 || Object.keys(changes).length === 0) {
      SB.toast('Choose tickets and at least one change first.');
      return;
    }
    const button = document.getElementById('bulk-apply');
    button.disabled = true;
    const result = await SB.bulkUpdate(ids, changes);
    button.disabled = false;
    if (result.failed > 0) {
      SB.toast(result.failed + ' of ' + ids.length + ' tickets were not updated: ' + result.firstError);
    } else {
      SB.toast('Updated ' + ids.length + (ids.length === 1 ? ' ticket' : ' tickets') + '.');
      bulk.reset();
      document.querySelectorAll('.row-select').forEach((box) => { box.checked = false; });
    }
    await SB.refreshInbox();
    SB.refreshCounts();
  });
}
/** Merges every id but `target` into `target`; resolves with the number of failures and the first message. */
SB.bulkMerge = async function (ids, target) {
  let failed = 0;
  let firstError = '';
  for (const id of ids) {
    if (id === target) { continue; }
    try {
      await SB.api('POST', '/api/v1/tickets/' + id + '/merge', { target_id: target });
    } catch (e) {
      failed += 1;
      if (!firstError) { firstError = e.message; }
    }
  }
  return { failed, firstError };
};

const mergeButton = document.getElementById('bulk-merge-apply');
if (mergeButton && mergeTarget) {
  mergeButton.addEventListener('click', async () => {
    const ids = selectedIds();
    const target = Number(mergeTarget.value);
    if (ids.length < 2 || !target) { SB.toast('Select two or more tickets to merge.'); return; }
    const others = ids.length - 1;
    const question = 'Merge ' + others + (others === 1 ? ' ticket' : ' tickets') + ' into ' + ticketLabel(target) +
      '? Their messages move there and they are closed as merged.';
    if (!window.confirm(question)) { return; }
    mergeButton.disabled = true;
    const result = await SB.bulkMerge(ids, target);
    mergeButton.disabled = false;
    if (result.failed > 0) {
      SB.toast(result.failed + ' of ' + others + ' tickets were not merged: ' + result.firstError);
    } else {
      SB.toast('Merged ' + others + (others === 1 ? ' ticket' : ' tickets') + ' into ' + ticketLabel(target) + '.');
      document.querySelectorAll('.row-select').forEach((box) => { box.checked = false; });
    }
    await SB.refreshInbox();
    SB.refreshCounts();
  });
}
syncSelection();
"""#
}
