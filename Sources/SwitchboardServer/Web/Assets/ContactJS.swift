/// The contact page's merge: search another contact, pick one, confirm, then `POST /api/v1/contacts/{id}/merge`
/// moves the other contact's identities and tickets into this one.
enum ContactJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});
const form = document.getElementById('merge-contact-form');
if (form) {
  const contactId = Number(form.dataset.contactId);
  const input = document.getElementById('merge-contact-query');
  const list = document.getElementById('merge-contact-results');
  const confirmBox = document.getElementById('merge-contact-confirm');
  const confirmText = document.getElementById('merge-contact-confirm-text');
  const error = document.getElementById('merge-contact-error');
  let chosen = null;

  const choose = (contact) => {
    chosen = contact;
    const identities = (contact.identities || []).map((i) => i.value).join(', ');
    confirmText.textContent = 'Merge "' + contact.name + '"' + (identities ? ' (' + identities + ')' : '') +
      ' into this contact? Their identities and tickets move here and "' + contact.name + '" is removed.';
    confirmBox.hidden = false;
    document.getElementById('merge-contact-confirm-button').focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    SB.showError(error, '');
    confirmBox.hidden = true;
    chosen = null;
    const query = input.value.trim();
    if (query.length < 2) { SB.showError(error, 'Type at least 2 characters of a name, email or phone.'); return; }
    try {
      const page = await SB.api('GET', '/api/v1/contacts?limit=10&q=' + encodeURIComponent(query));
      const others = (page.items || []).filter((c) => c.id !== contactId);
      list.textContent = '';
      if (others.length === 0) { SB.showError(error, 'No other contact matches "' + query + '".'); return; }
      others.forEach((contact) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'merge-candidate';
        button.dataset.contactId = String(contact.id);
        const identities = (contact.identities || []).map((i) => i.value).join(', ');
        button.textContent = contact.name + (identities ? ' — ' + identities : '');
        button.addEventListener('click', () => choose(contact));
        item.appendChild(button);
        list.appendChild(item);
      });
    } catch (e) {
      SB.showError(error, e.message);
    }
  });

  document.getElementById('merge-contact-cancel').addEventListener('click', () => {
    confirmBox.hidden = true;
    chosen = null;
  });
  document.getElementById('merge-contact-confirm-button').addEventListener('click', async () => {
    if (!chosen) { return; }
    SB.showError(error, '');
    try {
      await SB.api('POST', '/api/v1/contacts/' + contactId + '/merge', { source_id: chosen.id });
      SB.toast('Contacts merged.');
      setTimeout(() => window.location.reload(), 400);
    } catch (e) {
      SB.showError(error, e.message);
    }
  });
}
"""#
}
