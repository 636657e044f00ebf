/// Desktop notifications (appended to `live.js`, so every page has them): a "Notify me" button in the user menu
/// asks the browser for permission only when clicked. Once granted, a ticket assigned to the viewer by someone
/// else, or an internal note by someone else that @mentions the viewer's name, shows a notification that opens
/// the ticket. Uses the `sb:event` DOM events of the live connection; nothing runs on page load but the button.
enum NotifyJS {
    static let source = #"""

{
  const menu = document.querySelector('.user-menu');
  const supported = typeof window.Notification === 'function';
  const me = Number(document.body.dataset.userId || 0);
  const myName = String(document.body.dataset.userName || '').trim();
  let button = null;

  const label = () => {
    if (!button) { return; }
    const state = supported ? Notification.permission : 'unsupported';
    button.dataset.permission = state;
    const words = { granted: 'Notifications on', denied: 'Notifications blocked' };
    button.textContent = words[state] || 'Notify me';
    button.disabled = state !== 'default';
    button.title = state === 'denied' ? 'Allow notifications for this site in the browser settings' :
      'Desktop notifications when a ticket is assigned to you or you are mentioned';
  };

  if (menu && supported && me) {
    button = document.createElement('button');
    button.type = 'button';
    button.id = 'notify-toggle';
    const who = menu.querySelector('.who');
    menu.insertBefore(button, who || null);
    label();
    button.addEventListener('click', async () => {
      try { await Notification.requestPermission(); } catch (e) { /* older browsers */ }
      label();
    });
  }

  /** Whether a note preview @mentions the viewer: "@First", "@First Last" or "@first.last" (case-insensitive). */
  const mentionsMe = (text) => {
    if (!myName) { return false; }
    const lower = String(text || '').toLowerCase();
    const first = myName.split(/\s+/)[0].toLowerCase();
    const dotted = myName.toLowerCase().replace(/\s+/g, '.');
    return [myName.toLowerCase(), dotted, first].some((name) => {
      const at = lower.indexOf('@' + name);
      if (at < 0) { return false; }
      const next = lower.charAt(at + 1 + name.length);
      return next === '' || !/[\p{L}\p{N}_]/u.test(next);
    });
  };

  const show = (title, body, ticketId) => {
    if (!supported || Notification.permission !== 'granted') { return; }
    const note = new Notification(title, { body: body, tag: 'sb-' + title + '-' + ticketId });
    note.addEventListener('click', () => { window.focus(); window.location.assign('/tickets/' + ticketId); });
  };

  SB.notifyDecision = function (event) {
    if (!event || !event.actor || (event.actor.kind === 'user' && Number(event.actor.id) === me)) { return null; }
    const payload = event.payload || {};
    if (event.type === 'ticket.updated' && payload.changes && payload.changes.assignee_id) {
      const after = payload.changes.assignee_id[1];
      if (Number(after) === me) { return { title: 'Ticket assigned to you', body: 'Ticket ' + event.ticket_id }; }
    }
    if (event.type === 'ticket.created' && payload.ticket && Number(payload.ticket.assignee_id) === me) {
      return { title: 'New ticket assigned to you', body: '#' + payload.ticket.number + ' ' + payload.ticket.subject };
    }
    if (event.type === 'message.created' && payload.kind === 'note' && mentionsMe(payload.preview)) {
      return { title: 'You were mentioned in a note', body: String(payload.preview || '') };
    }
    return null;
  };

  document.addEventListener('sb:event', (event) => {
    const decision = SB.notifyDecision(event.detail);
    if (decision && event.detail.ticket_id) { show(decision.title, decision.body, event.detail.ticket_id); }
  });
}
"""#
}
