/// The live connection: one WebSocket to `/api/v1/stream` per tab (session cookie auth), re-opened with
/// exponential backoff after a drop and caught up with `?after=<last event id>`. Each event is re-dispatched
/// as a `sb:event` DOM event; navigation counters refresh on ticket changes. Desktop notifications
/// (``NotifyJS``) are part of this module.
enum LiveJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});
const dot = document.getElementById('live-dot');
let socket = null;
let lastEventId = null;
let attempt = 0;
let pingTimer = null;
let countsTimer = null;

function setState(state) {
  if (!dot) { return; }
  dot.dataset.state = state;
  const words = { open: 'connected', closed: 'disconnected, reconnecting', connecting: 'connecting' };
  dot.setAttribute('aria-label', 'Live updates: ' + (words[state] || state));
  document.body.dataset.live = state;
}

function scheduleCounts() {
  clearTimeout(countsTimer);
  countsTimer = setTimeout(() => { if (SB.refreshCounts) { SB.refreshCounts(); } }, 250);
}

function handle(frame) {
  if (!frame || frame.type !== 'event' || !frame.event) { return; }
  const event = frame.event;
  if (typeof event.id === 'number' && (lastEventId === null || event.id > lastEventId)) { lastEventId = event.id; }
  document.dispatchEvent(new CustomEvent('sb:event', { detail: event }));
  if (String(event.type).indexOf('ticket.') === 0 || event.type === 'message.created') { scheduleCounts(); }
}

function connect() {
  setState('connecting');
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const query = lastEventId !== null ? '?after=' + encodeURIComponent(lastEventId) : '';
  try {
    socket = new WebSocket(scheme + location.host + '/api/v1/stream' + query);
  } catch (e) {
    retry();
    return;
  }
  socket.addEventListener('open', () => {
    const reconnected = attempt > 0;
    attempt = 0;
    setState('open');
    clearInterval(pingTimer);
    pingTimer = setInterval(() => {
      if (socket && socket.readyState === WebSocket.OPEN) { socket.send('{"type":"ping"}'); }
    }, 25000);
    if (reconnected) { document.dispatchEvent(new CustomEvent('sb:reconnected')); scheduleCounts(); }
  });
  socket.addEventListener('message', (message) => {
    try { handle(JSON.parse(message.data)); } catch (e) { /* ignore malformed frames */ }
  });
  socket.addEventListener('close', () => {
    clearInterval(pingTimer);
    setState('closed');
    retry();
  });
}

function retry() {
  attempt += 1;
  const base = Math.min(30000, 1000 * Math.pow(2, attempt - 1));
  const delay = base / 2 + Math.random() * base / 2;
  setTimeout(connect, delay);
}

SB.live = { get lastEventId() { return lastEventId; }, get state() { return dot ? dot.dataset.state : ''; } };
window.addEventListener('online', () => {
  if (!socket || socket.readyState === WebSocket.CLOSED) { attempt = 0; connect(); }
});
connect();
"""# + NotifyJS.source
}
