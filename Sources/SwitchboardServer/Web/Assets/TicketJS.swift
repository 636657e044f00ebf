/// The ticket page: composer (reply / internal note, per-ticket drafts in localStorage, "someone replied
/// meanwhile" check), the properties panel, merge, folding of quoted e-mail history, live refresh of the
/// timeline and presence (who else views or types).
enum TicketJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});
const root = document.getElementById('ticket');
const ticketId = root ? Number(root.dataset.ticketId) : 0;
const timeline = document.getElementById('timeline');
const composer = document.getElementById('composer');
const bodyField = document.getElementById('composer-body');
const composerError = document.getElementById('composer-error');
const meanwhile = document.getElementById('meanwhile');
const draftState = document.getElementById('draft-state');
const presenceLine = document.getElementById('presence');
const draftKey = 'sb-draft:' + ticketId;
let mode = 'reply';
let baseline = root ? Number(root.dataset.lastMessageId || 0) : 0;
let typingUntil = 0;

// Quoted history folded behind a toggle
function foldQuotes(scope) {
  scope.querySelectorAll('.entry .body .sb-quoted').forEach((quoted, index) => {
    if (quoted.dataset.folded) { return; }
    quoted.dataset.folded = 'yes';
    quoted.classList.add('folded');
    if (!quoted.id) { quoted.id = 'quoted-' + Math.random().toString(36).slice(2) + index; }
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'quote-toggle';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', quoted.id);
    toggle.textContent = 'Show quoted text';
    toggle.addEventListener('click', () => {
      const folded = quoted.classList.toggle('folded');
      toggle.setAttribute('aria-expanded', folded ? 'false' : 'true');
      toggle.textContent = folded ? 'Show quoted text' : 'Hide quoted text';
    });
    quoted.parentNode.insertBefore(toggle, quoted);
  });
}
if (timeline) { foldQuotes(timeline); }

function latestMessageId() {
  let max = 0;
  timeline.querySelectorAll('[data-message-id]').forEach((el) => { max = Math.max(max, Number(el.dataset.messageId)); });
  return max;
}

/** Replies from others (customer or another agent) newer than `since`. */
function repliesFromOthersSince(since) {
  return Array.from(timeline.querySelectorAll('.entry.inbound, .entry.outbound')).filter((el) => {
    const id = Number(el.dataset.messageId);
    const mine = el.dataset.authorKind === 'user' && Number(el.dataset.authorId) === SB.userId;
    return id > since && !mine;
  });
}

// Timeline loads run one at a time, in order, so that an older answer never replaces a newer one.
let timelineQueue = Promise.resolve();
const queuedLoads = { full: null, after: null };
function queueTimelineLoad(kind) {
  if (!timeline) { return Promise.resolve(); }
  if (queuedLoads[kind]) { return queuedLoads[kind]; }
  const run = timelineQueue.then(() => { queuedLoads[kind] = null; return loadTimeline(kind === 'after'); });
  queuedLoads[kind] = run;
  timelineQueue = run.catch(() => {});
  return run;
}

/** Fetches the whole timeline, or only the entries after the newest one shown, and puts it on the page. */
async function loadTimeline(newerOnly) {
  const url = root.dataset.fragment + (newerOnly ? '?after=' + latestMessageId() : '');
  const response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
  if (response.status === 401 || response.redirected && response.url.indexOf('/login') >= 0) {
    window.location.assign('/login');
    return;
  }
  if (!response.ok) { throw new Error('Refresh failed (' + response.status + ').'); }
  const html = await response.text();
  const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
  if (newerOnly && response.headers.get('X-Timeline') === 'after') {
    const holder = document.createElement('template');
    holder.innerHTML = html;
    Array.from(holder.content.children).forEach((entry) => {
      const id = entry.dataset.messageId;
      if (id && !timeline.querySelector('[data-message-id="' + CSS.escape(id) + '"]')) { timeline.appendChild(entry); }
    });
  } else {
    timeline.innerHTML = html;
  }
  foldQuotes(timeline);
  if (atBottom) { window.scrollTo(0, document.body.scrollHeight); }
}

/** Re-renders the timeline from the server. */
SB.refreshTimeline = function () { return queueTimelineLoad('full'); };
/** Adds the entries newer than the newest one shown (the whole timeline when one of them sorts earlier). */
SB.appendTimeline = function () { return queueTimelineLoad('after'); };

// Composer: mode and drafts
function setMode(next) {
  const canReply = composer.dataset.canReply === 'true';
  mode = next === 'reply' && canReply ? 'reply' : 'note';
  document.getElementById('mode-reply').setAttribute('aria-pressed', mode === 'reply' ? 'true' : 'false');
  document.getElementById('mode-note').setAttribute('aria-pressed', mode === 'note' ? 'true' : 'false');
  composer.classList.toggle('mode-note', mode === 'note');
  composer.classList.toggle('mode-reply', mode === 'reply');
  bodyField.placeholder = mode === 'reply' ? 'Write a reply to the customer…' : 'Write an internal note (only agents see it)…';
  document.getElementById('composer-send').textContent = mode === 'reply' ? 'Send reply' : 'Add note';
  document.getElementById('composer-status').hidden = mode !== 'reply';
  saveDraft();
}
SB.compose = function (next) {
  if (!composer) { return; }
  setMode(next);
  bodyField.focus();
};

function saveDraft() {
  try {
    const text = bodyField.value;
    if (text.trim() === '') { localStorage.removeItem(draftKey); if (draftState) { draftState.textContent = ''; } return; }
    localStorage.setItem(draftKey, JSON.stringify({ mode, body: text, baseline, saved: Date.now() }));
    if (draftState) { draftState.textContent = 'Draft saved'; }
  } catch (e) { /* drafts are a convenience */ }
}

function restoreDraft() {
  try {
    const draft = JSON.parse(localStorage.getItem(draftKey) || 'null');
    if (draft && typeof draft.body === 'string') {
      bodyField.value = draft.body;
      if (typeof draft.baseline === 'number' && draft.baseline > 0) { baseline = Math.min(baseline, draft.baseline); }
      setMode(draft.mode === 'note' ? 'note' : 'reply');
      if (draftState) { draftState.textContent = 'Draft restored'; }
      return;
    }
  } catch (e) { /* ignore a broken draft */ }
  setMode(composer.dataset.canReply === 'true' ? 'reply' : 'note');
}

let draftTimer = null;
async function send(force) {
  SB.showError(composerError, '');
  const text = bodyField.value;
  if (text.trim() === '') {
    SB.showError(composerError, mode === 'reply' ? 'Write a reply before sending.' : 'Write a note before adding it.');
    bodyField.focus();
    return;
  }
  if (mode === 'reply' && !force) {
    try { await SB.appendTimeline(); } catch (e) { /* check with what we have */ }
    const others = repliesFromOthersSince(baseline);
    if (others.length > 0) {
      const who = others[others.length - 1].querySelector('header strong');
      document.getElementById('meanwhile-text').textContent =
        (who ? who.textContent : 'Someone') + ' replied while you were writing. Send anyway?';
      meanwhile.hidden = false;
      document.getElementById('send-anyway').focus();
      return;
    }
  }
  meanwhile.hidden = true;
  const button = document.getElementById('composer-send');
  button.disabled = true;
  try {
    if (SB.macroSend && SB.macroSend.pending()) {
      await SB.macroSend.send(mode, text, document.getElementById('composer-status').value);
    } else if (mode === 'reply') {
      const payload = { body: text };
      const status = document.getElementById('composer-status').value;
      if (status) { payload.status = status; }
      await SB.api('POST', '/api/v1/tickets/' + ticketId + '/replies', payload);
    } else {
      await SB.api('POST', '/api/v1/tickets/' + ticketId + '/notes', { body: text });
    }
    bodyField.value = '';
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing to clear */ }
    if (draftState) { draftState.textContent = mode === 'reply' ? 'Reply sent' : 'Note added'; }
    document.getElementById('composer-status').value = '';
    try { await SB.appendTimeline(); } catch (e) { /* the live event brings it */ }
    await refreshTicket();
    baseline = latestMessageId();
    typingUntil = 0;
    heartbeat();
  } catch (e) {
    SB.showError(composerError, e.message);
  } finally {
    button.disabled = false;
  }
}

if (composer) {
  document.getElementById('mode-reply').addEventListener('click', () => SB.compose('reply'));
  document.getElementById('mode-note').addEventListener('click', () => SB.compose('note'));
  bodyField.addEventListener('input', () => {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 300);
    const wasTyping = Date.now() < typingUntil;
    typingUntil = Date.now() + 6000;
    if (!wasTyping) { heartbeat(); }
  });
  bodyField.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); send(false); }
  });
  composer.addEventListener('submit', (event) => { event.preventDefault(); send(false); });
  document.getElementById('send-anyway').addEventListener('click', () => send(true));
  document.getElementById('meanwhile-review').addEventListener('click', () => {
    meanwhile.hidden = true;
    baseline = latestMessageId();
    const others = timeline.querySelectorAll('.entry');
    if (others.length) { others[others.length - 1].scrollIntoView({ block: 'center' }); }
  });
  restoreDraft();
}

// Properties panel
const props = document.getElementById('ticket-props');
const propsError = document.getElementById('props-error');
const fields = ['status', 'priority', 'type', 'assignee_id', 'team_id', 'tags'];
function currentValues() {
  const form = new FormData(props);
  const values = {};
  fields.forEach((name) => { values[name] = String(form.get(name) || ''); });
  return values;
}
let initial = props ? currentValues() : {};

/** Shows the saved ticket in the panel; fields the agent is editing (changed, not yet saved) are left alone. */
function applyTicket(ticket, force) {
  if (!ticket || !props) { return; }
  const editing = currentValues();
  const next = Object.assign({}, initial);
  const set = (id, field, value) => {
    const el = document.getElementById(id);
    const text = value == null ? '' : String(value);
    next[field] = text;
    if (el && (force || editing[field] === initial[field])) { el.value = text; }
  };
  set('prop-status', 'status', ticket.status);
  set('prop-priority', 'priority', ticket.priority);
  set('prop-type', 'type', ticket.type);
  set('prop-assignee', 'assignee_id', ticket.assignee_id);
  set('prop-team', 'team_id', ticket.team_id);
  set('prop-tags', 'tags', (ticket.tags || []).join(', '));
  initial = next;
  const badge = document.getElementById('ticket-status-badge');
  if (badge) {
    badge.className = 'badge status-' + ticket.status;
    const option = document.querySelector('#prop-status option[value="' + CSS.escape(ticket.status) + '"]');
    badge.textContent = option ? option.textContent : ticket.status;
  }
}

async function refreshTicket() {
  try {
    const data = await SB.api('GET', '/api/v1/tickets/' + ticketId);
    applyTicket(data.ticket);
  } catch (e) { /* keep what is shown */ }
}

function changesFrom(values) {
  const changes = {};
  if (values.status !== initial.status) { changes.status = values.status; }
  if (values.priority !== initial.priority) { changes.priority = values.priority; }
  if (values.type !== initial.type) { changes.type = values.type || null; }
  if (values.assignee_id !== initial.assignee_id) { changes.assignee_id = values.assignee_id ? Number(values.assignee_id) : null; }
  if (values.team_id !== initial.team_id) { changes.team_id = values.team_id ? Number(values.team_id) : null; }
  if (values.tags !== initial.tags) {
    changes.tags = values.tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  }
  return changes;
}

async function patch(changes, done) {
  SB.showError(propsError, '');
  if (Object.keys(changes).length === 0) { SB.toast('Nothing changed.'); return; }
  try {
    const ticket = await SB.api('PATCH', '/api/v1/tickets/' + ticketId, changes);
    applyTicket(ticket, true);
    SB.toast(done || 'Ticket updated.');
    SB.refreshTimeline();
  } catch (e) {
    SB.showError(propsError, e.message);
  }
}
SB.assignToMe = function () { return patch({ assignee_id: SB.userId }, 'Assigned to you.'); };
SB.solve = function () { return patch({ status: 'solved' }, 'Ticket solved.'); };

if (props) {
  props.addEventListener('submit', (event) => { event.preventDefault(); patch(changesFrom(currentValues())); });
  document.getElementById('assign-me').addEventListener('click', () => SB.assignToMe());
  document.getElementById('solve').addEventListener('click', () => SB.solve());
}

// Merge
const merge = document.getElementById('merge-form');
if (merge) {
  merge.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = document.getElementById('merge-error');
    SB.showError(error, '');
    const number = String(new FormData(merge).get('number') || '').trim().replace(/^#/, '');
    if (!/^[0-9]{1,18}$/.test(number)) { SB.showError(error, 'Enter the number of the ticket to merge into.'); return; }
    try {
      const found = await SB.api('GET', '/ticket-lookup?number=' + encodeURIComponent(number));
      if (found.id === ticketId) { SB.showError(error, 'A ticket cannot be merged into itself.'); return; }
      await SB.api('POST', '/api/v1/tickets/' + ticketId + '/merge', { target_id: found.id });
      window.location.assign('/tickets/' + found.id);
    } catch (e) {
      SB.showError(error, e.status === 404 ? 'There is no ticket #' + number + '.' : e.message);
    }
  });
}

// Live updates of this ticket: a new message is fetched alone and appended at once; a merge re-renders all.
document.addEventListener('sb:event', (event) => {
  const detail = event.detail;
  if (Number(detail.ticket_id) !== ticketId) { return; }
  const type = String(detail.type);
  const load = type === 'ticket.merged' ? SB.refreshTimeline() : SB.appendTimeline();
  load.catch(() => { /* the next event or reconnect catches up */ });
  if (type.indexOf('ticket.') === 0) { refreshTicket(); }
});
document.addEventListener('sb:reconnected', () => { SB.refreshTimeline().catch(() => {}); refreshTicket(); });

// Presence: who else views or types here
function renderPresence(viewers) {
  if (!presenceLine) { return; }
  const others = (viewers || []).filter((v) => v.user_id !== SB.userId);
  if (others.length === 0) { presenceLine.textContent = ''; return; }
  presenceLine.textContent = others.map((v) => v.name + (v.typing ? ' is typing…' : ' is viewing')).join(' · ');
}
async function heartbeat() {
  if (!ticketId || document.hidden) { return; }
  try {
    const data = await SB.api('POST', '/tickets/' + ticketId + '/presence', { typing: Date.now() < typingUntil });
    renderPresence(data.viewers);
  } catch (e) { /* presence is best effort */ }
}
if (ticketId) {
  heartbeat();
  setInterval(heartbeat, 4000);
  document.addEventListener('visibilitychange', heartbeat);
}
"""#
}
