/// Custom fields in the browser: the ticket page's custom field panel (PATCHes `custom_fields` with only the
/// changed values, typed by `data-field-type`; values others change appear live), the admin page's definition form
/// and row actions, and the invitation form.
enum FieldsJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});

function fieldValue(el) {
  const type = el.dataset.fieldType;
  if (type === 'checkbox') { return el.checked; }
  const text = el.value.trim();
  if (text === '') { return null; }
  if (type === 'number') { return Number(text); }
  return text;
}

function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

// Ticket page: the custom field panel
const panel = document.getElementById('custom-fields-form');
if (panel) {
  const ticketId = Number(panel.dataset.ticketId);
  const inputs = () => Array.from(panel.querySelectorAll('[data-field-key]'));
  const remember = () => {
    inputs().forEach((el) => {
      el.dataset.initial = JSON.stringify(fieldValue(el));
    });
  };
  remember();
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = document.getElementById('custom-fields-error');
    SB.showError(error, '');
    const changes = {};
    for (const el of inputs()) {
      const value = fieldValue(el);
      if (el.dataset.fieldType === 'number' && value !== null && !Number.isFinite(value)) {
        SB.showError(error, el.dataset.fieldLabel + ': enter a number.');
        el.focus();
        return;
      }
      if (!sameValue(value, JSON.parse(el.dataset.initial || 'null'))) { changes[el.dataset.fieldKey] = value; }
    }
    if (Object.keys(changes).length === 0) { SB.toast('Nothing changed.'); return; }
    const button = panel.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await SB.api('PATCH', '/api/v1/tickets/' + ticketId, { custom_fields: changes });
      remember();
      SB.toast('Custom fields saved.');
      if (SB.refreshTimeline) { SB.refreshTimeline(); }
    } catch (e) {
      SB.showError(error, e.message);
    } finally {
      button.disabled = false;
    }
  });
}

// Ticket page: values changed by someone else appear live (fields being edited here are left alone)
function showValue(el, value) {
  if (el.dataset.fieldType === 'checkbox') { el.checked = value === true; return; }
  el.value = value === null || value === undefined ? '' : String(value);
}
if (panel) {
  const ticketId = Number(panel.dataset.ticketId);
  document.addEventListener('sb:event', async (event) => {
    const detail = event.detail || {};
    const changes = detail.payload && detail.payload.changes;
    if (Number(detail.ticket_id) !== ticketId || !changes || !changes.custom_fields) { return; }
    try {
      const data = await SB.api('GET', '/api/v1/tickets/' + ticketId);
      const values = (data.ticket && data.ticket.custom_fields) || {};
      panel.querySelectorAll('[data-field-key]').forEach((el) => {
        const key = el.dataset.fieldKey;
        const initialValue = el.dataset.initial === undefined ? null : JSON.parse(el.dataset.initial);
        if (!sameValue(fieldValue(el), initialValue)) { return; }
        showValue(el, values[key]);
        el.dataset.initial = JSON.stringify(fieldValue(el));
      });
    } catch (e) { /* keep what is shown */ }
  });
}

// Admin: define a custom field
const definitionForm = document.getElementById('custom-field-form');
if (definitionForm) {
  const typeSelect = document.getElementById('field-type');
  const optionsRow = document.getElementById('field-options-row');
  const showOptions = () => { optionsRow.hidden = typeSelect.value !== 'dropdown'; };
  typeSelect.addEventListener('change', showOptions);
  showOptions();
  definitionForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = definitionForm.querySelector('[data-error]');
    SB.showError(error, '');
    const data = new FormData(definitionForm);
    const body = {
      key: String(data.get('key') || '').trim(),
      label: String(data.get('label') || '').trim(),
      type: String(data.get('type') || ''),
      required_on_solve: document.getElementById('field-required').checked,
    };
    if (!body.key || !body.label) { SB.showError(error, 'Enter a key and a label.'); return; }
    if (body.type === 'dropdown') {
      body.options = String(data.get('options') || '').split(/\r?\n|,/).map((o) => o.trim()).filter(Boolean);
    }
    try {
      await SB.api('POST', '/api/v1/custom-fields', body);
      SB.toast('Custom field created.');
      setTimeout(() => window.location.reload(), 400);
    } catch (e) {
      SB.showError(error, e.message);
    }
  });
}

// Admin: activate, deactivate or delete a definition
document.querySelectorAll('button[data-field-action]').forEach((button) => {
  button.addEventListener('click', async () => {
    const id = Number(button.dataset.fieldId);
    const error = document.getElementById('custom-fields-table-error');
    SB.showError(error, '');
    try {
      if (button.dataset.fieldAction === 'delete') {
        if (!window.confirm('Delete the custom field "' + button.dataset.fieldLabel + '"? Values on tickets stay.')) {
          return;
        }
        await SB.api('DELETE', '/api/v1/custom-fields/' + id);
      } else {
        await SB.api('PATCH', '/api/v1/custom-fields/' + id, { active: button.dataset.fieldAction === 'activate' });
      }
      window.location.reload();
    } catch (e) {
      SB.showError(error, e.message);
    }
  });
});

// Admin: invite a user by email
const invite = document.getElementById('invite-form');
if (invite) {
  invite.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = invite.querySelector('[data-error]');
    const result = invite.querySelector('[data-result]');
    const linkRow = document.getElementById('invite-link-row');
    SB.showError(error, '');
    result.hidden = true;
    linkRow.hidden = true;
    const data = new FormData(invite);
    const body = {
      name: String(data.get('name') || '').trim(), email: String(data.get('email') || '').trim(),
      role: String(data.get('role') || 'agent'),
    };
    if (!body.name || !body.email) { SB.showError(error, 'Enter a name and an email address.'); return; }
    try {
      const answer = await SB.api('POST', '/api/v1/invitations', body);
      if (answer.set_password_url) {
        result.textContent = 'Invitation created. No mail server is configured: send this link to ' + body.email +
          ' yourself. It works once and expires in 7 days.';
        document.getElementById('invite-link').value = answer.set_password_url;
        linkRow.hidden = false;
      } else {
        result.textContent = 'Invitation emailed to ' + body.email + '.';
      }
      result.hidden = false;
    } catch (e) {
      SB.showError(error, e.message);
    }
  });
  const copy = document.getElementById('invite-copy');
  copy.addEventListener('click', async () => {
    const link = document.getElementById('invite-link');
    link.select();
    try { await navigator.clipboard.writeText(link.value); SB.toast('Link copied.'); } catch (e) { /* selected */ }
  });
}
"""#
}
