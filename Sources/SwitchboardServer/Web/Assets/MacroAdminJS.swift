/// Admin → Macros (create, edit, delete with clear messages) and Admin → Tags (rename and delete across
/// tickets, after a confirmation). Everything goes through the REST API with the session's CSRF token.
enum MacroAdminJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});

// Macros
const form = document.getElementById('macro-form');
if (form) {
  const error = document.getElementById('macro-form-error');
  const result = document.getElementById('macro-form-result');
  const visibility = document.getElementById('macro-visibility');
  const teamRow = document.getElementById('macro-team-row');
  const title = document.getElementById('macro-form-title');
  const submit = document.getElementById('macro-submit');
  const cancel = document.getElementById('macro-cancel');
  const value = (id) => document.getElementById(id).value.trim();
  const tags = (id) => value(id).split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const syncTeam = () => { teamRow.hidden = visibility.value !== 'team'; };
  visibility.addEventListener('change', syncTeam);
  syncTeam();

  function reset() {
    form.reset();
    document.getElementById('macro-id').value = '';
    title.textContent = 'New macro';
    submit.textContent = 'Create macro';
    cancel.hidden = true;
    syncTeam();
  }

  function fail(message, field) {
    SB.showError(error, message);
    if (field) { document.getElementById(field).focus(); }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    SB.showError(error, '');
    result.hidden = true;
    const name = value('macro-name');
    if (!name) { fail('Name: give the macro a name.', 'macro-name'); return; }
    if (visibility.value === 'team' && !value('macro-team')) {
      fail('Team: choose the team that may use this macro.', 'macro-team');
      return;
    }
    const actions = { add_tags: tags('macro-add-tags'), remove_tags: tags('macro-remove-tags') };
    [['status', 'macro-status'], ['priority', 'macro-priority'], ['type', 'macro-type']].forEach(([key, id]) => {
      if (value(id)) { actions[key] = value(id); }
    });
    if (value('macro-assignee')) { actions.assignee_id = Number(value('macro-assignee')); }
    if (value('macro-action-team')) { actions.team_id = Number(value('macro-action-team')); }
    const body = document.getElementById('macro-body').value;
    const payload = { name, body, visibility: visibility.value, actions };
    const id = value('macro-id');
    if (visibility.value === 'team') { payload.team_id = Number(value('macro-team')); }
    else if (id) { payload.team_id = null; }
    submit.disabled = true;
    try {
      await SB.api(id ? 'PATCH' : 'POST', id ? '/api/v1/macros/' + id : '/api/v1/macros', payload);
      result.textContent = id ? 'Macro saved.' : 'Macro created.';
      result.hidden = false;
      setTimeout(() => window.location.reload(), 600);
    } catch (e) {
      const fields = { name: 'macro-name', body: 'macro-body', team_id: 'macro-team', visibility: 'macro-visibility' };
      fail(e.message, fields[e.field] || null);
    } finally {
      submit.disabled = false;
    }
  });

  cancel.addEventListener('click', reset);

  document.querySelectorAll('[data-macro-edit]').forEach((button) => {
    button.addEventListener('click', () => {
      const macro = JSON.parse(button.dataset.macro);
      const actions = macro.actions || {};
      document.getElementById('macro-id').value = String(macro.id);
      document.getElementById('macro-name').value = macro.name;
      document.getElementById('macro-body').value = macro.body;
      visibility.value = macro.visibility;
      document.getElementById('macro-team').value = macro.team_id == null ? '' : String(macro.team_id);
      document.getElementById('macro-status').value = actions.status || '';
      document.getElementById('macro-priority').value = actions.priority || '';
      document.getElementById('macro-type').value = actions.type || '';
      document.getElementById('macro-assignee').value = actions.assignee_id == null ? '' : String(actions.assignee_id);
      document.getElementById('macro-action-team').value = actions.team_id == null ? '' : String(actions.team_id);
      document.getElementById('macro-add-tags').value = (actions.add_tags || []).join(', ');
      document.getElementById('macro-remove-tags').value = (actions.remove_tags || []).join(', ');
      title.textContent = 'Edit macro “' + macro.name + '”';
      submit.textContent = 'Save macro';
      cancel.hidden = false;
      syncTeam();
      document.getElementById('macro-name').focus();
    });
  });

  document.querySelectorAll('[data-macro-delete]').forEach((button) => {
    button.addEventListener('click', async () => {
      const tableError = document.getElementById('macros-table-error');
      SB.showError(tableError, '');
      if (!window.confirm('Delete the macro “' + button.dataset.macroName + '”?')) { return; }
      try {
        await SB.api('DELETE', '/api/v1/macros/' + button.dataset.macroDelete);
        SB.toast('Macro deleted.');
        setTimeout(() => window.location.reload(), 400);
      } catch (e) {
        SB.showError(tableError, e.message);
      }
    });
  });
}

// Tags
const tagsError = document.getElementById('tags-error');
document.querySelectorAll('form.tag-rename').forEach((renameForm) => {
  renameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    SB.showError(tagsError, '');
    const tag = renameForm.dataset.tag;
    const input = renameForm.querySelector('input[name=name]');
    const name = input.value.trim().toLowerCase();
    if (!name) { SB.showError(tagsError, 'New name: enter the tag\'s new name.'); input.focus(); return; }
    if (name === tag) {
      SB.showError(tagsError, 'New name: it is the same as the current name.');
      input.focus();
      return;
    }
    try {
      const data = await SB.api('PATCH', '/api/v1/tags/' + encodeURIComponent(tag), { name });
      SB.toast('Renamed on ' + data.ticket_count + ' ticket(s).');
      setTimeout(() => window.location.reload(), 500);
    } catch (e) {
      SB.showError(tagsError, e.message);
      input.focus();
    }
  });
});
document.querySelectorAll('[data-tag-delete]').forEach((button) => {
  button.addEventListener('click', async () => {
    SB.showError(tagsError, '');
    const tag = button.dataset.tagDelete;
    if (!window.confirm('Remove the tag “' + tag + '” from ' + button.dataset.tagCount + ' ticket(s)?')) { return; }
    try {
      const data = await SB.api('DELETE', '/api/v1/tags/' + encodeURIComponent(tag));
      SB.toast('Removed from ' + data.ticket_count + ' ticket(s).');
      setTimeout(() => window.location.reload(), 500);
    } catch (e) {
      SB.showError(tagsError, e.message);
    }
  });
});
"""#
}
