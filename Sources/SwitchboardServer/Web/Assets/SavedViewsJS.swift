/// Saved views on the inbox page: moves the server-rendered list under the built-in views in the sidebar,
/// refreshes their counts (`GET /inbox-saved-views`) when live ticket events arrive, and saves the current
/// filters as a new view (personal, or shared by admins) or deletes the open one.
enum SavedViewsJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});
const saved = document.getElementById('saved-views');
const builtIn = document.getElementById('view-nav');
if (saved && builtIn) { builtIn.after(saved); }

let countsTimer = null;
async function refreshSavedCounts() {
  try {
    const data = await SB.api('GET', '/inbox-saved-views');
    for (const [key, value] of Object.entries(data.counts || {})) {
      document.querySelectorAll('[data-count="' + CSS.escape(key) + '"]').forEach((el) => { el.textContent = value; });
    }
  } catch (e) { /* counts stay as they are */ }
}
document.addEventListener('sb:event', (event) => {
  const type = String((event.detail || {}).type || '');
  if (type.indexOf('ticket.') !== 0 && type.indexOf('message.') !== 0) { return; }
  clearTimeout(countsTimer);
  countsTimer = setTimeout(refreshSavedCounts, 1500);
});
document.addEventListener('sb:reconnected', refreshSavedCounts);

const form = document.getElementById('save-view-form');
if (form) {
  const error = document.getElementById('save-view-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    SB.showError(error, '');
    const nameField = document.getElementById('save-view-name');
    const name = nameField.value.trim();
    if (!name) { SB.showError(error, 'View name: give the view a name.'); nameField.focus(); return; }
    let filters = {};
    try {
      filters = JSON.parse(document.getElementById('save-view-filters').value || '{}');
    } catch (e) {
      filters = {};
    }
    const sharedBox = document.getElementById('save-view-shared');
    const payload = { name, filters, sort: document.getElementById('save-view-sort').value || 'updated_desc',
      shared: !!(sharedBox && sharedBox.checked) };
    const button = document.getElementById('save-view-submit');
    button.disabled = true;
    try {
      const view = await SB.api('POST', '/api/v1/views', payload);
      window.location.assign('/inbox/view-' + view.id);
    } catch (e) {
      SB.showError(error, e.message);
      nameField.focus();
    } finally {
      button.disabled = false;
    }
  });
  const remove = document.getElementById('delete-view');
  if (remove) {
    remove.addEventListener('click', async () => {
      SB.showError(error, '');
      if (!window.confirm('Delete this saved view? Its tickets are not changed.')) { return; }
      try {
        await SB.api('DELETE', '/api/v1/views/' + remove.dataset.viewId);
        window.location.assign('/inbox');
      } catch (e) {
        SB.showError(error, e.message);
      }
    });
  }
}
"""#
}
