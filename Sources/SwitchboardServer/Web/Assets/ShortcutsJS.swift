/// Keyboard shortcuts: j/k move, Enter open, x select, r reply, n note, a assign to me, s solve, / search,
/// ? help, g i inbox, Esc leaves a field. Ignored while typing in a field (except Esc).
enum ShortcutsJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});
let pendingG = false;

function rows() { return Array.from(document.querySelectorAll('tr[data-ticket-id]')); }
function cursorRow() { return document.querySelector('tr.cursor'); }

function moveCursor(step) {
  const all = rows();
  if (all.length === 0) { return; }
  const current = cursorRow();
  let index = current ? all.indexOf(current) + step : (step > 0 ? 0 : all.length - 1);
  index = Math.max(0, Math.min(all.length - 1, index));
  all.forEach((row) => row.classList.remove('cursor'));
  const row = all[index];
  row.classList.add('cursor');
  row.scrollIntoView({ block: 'nearest' });
  const link = row.querySelector('.subject a');
  if (link) { link.focus({ preventScroll: true }); }
}

async function onRow(changes, done) {
  const row = cursorRow();
  const selected = Array.from(document.querySelectorAll('.row-select:checked')).map((b) => Number(b.value));
  const ids = selected.length ? selected : (row ? [Number(row.dataset.ticketId)] : []);
  if (ids.length === 0 || !SB.bulkUpdate) { return; }
  const result = await SB.bulkUpdate(ids, changes);
  SB.toast(result.failed ? result.firstError : done);
  if (SB.refreshInbox) { await SB.refreshInbox(); }
}

function typingIn(target) {
  return target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) { return; }
  const target = event.target;
  if (typingIn(target)) {
    if (event.key === 'Escape') { target.blur(); }
    return;
  }
  const dialog = document.getElementById('help-dialog');
  if (dialog && dialog.open) { return; }
  const onTicket = !!document.getElementById('ticket');
  if (pendingG) {
    pendingG = false;
    if (event.key === 'i') { event.preventDefault(); window.location.assign('/inbox'); }
    return;
  }
  switch (event.key) {
    case 'j': event.preventDefault(); moveCursor(1); break;
    case 'k': event.preventDefault(); moveCursor(-1); break;
    case 'Enter': {
      const row = cursorRow();
      if (row && !target.closest('a, button')) { event.preventDefault(); window.location.assign(row.dataset.href); }
      break;
    }
    case 'x': {
      const row = cursorRow();
      const box = row && row.querySelector('.row-select');
      if (box) { event.preventDefault(); box.checked = !box.checked; if (SB.syncSelection) { SB.syncSelection(); } }
      break;
    }
    case 'r': if (onTicket && SB.compose) { event.preventDefault(); SB.compose('reply'); } break;
    case 'n': if (onTicket && SB.compose) { event.preventDefault(); SB.compose('note'); } break;
    case 'a':
      event.preventDefault();
      if (onTicket && SB.assignToMe) { SB.assignToMe(); } else { onRow({ assignee_id: SB.userId }, 'Assigned to you.'); }
      break;
    case 's':
      event.preventDefault();
      if (onTicket && SB.solve) { SB.solve(); } else { onRow({ status: 'solved' }, 'Solved.'); }
      break;
    case '/': {
      const search = document.getElementById('search-input');
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      break;
    }
    case '?': event.preventDefault(); if (SB.openHelp) { SB.openHelp(); } break;
    case 'g': pendingG = true; setTimeout(() => { pendingG = false; }, 1200); break;
    default: break;
  }
});
"""#
}
