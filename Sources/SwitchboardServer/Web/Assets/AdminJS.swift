/// Forms that talk JSON to the REST API (`data-api-method`, `data-api-url`): admin pages and the contact
/// editor. Field conversions by `data-type` (`int`, `int-or-null`, `int-list`, `bool`); empty fields are left
/// out unless `data-send-empty`. Errors show in the form's `[data-error]`, success in `[data-result]`.
enum AdminJS {
    static let source = #"""
const SB = window.SB || (window.SB = {});

function collect(form) {
  const body = {};
  Array.from(form.elements).forEach((el) => {
    if (!el.name || el.name === 'csrf_token' || el.disabled) { return; }
    const type = el.dataset.type || '';
    if (type === 'bool') { body[el.name] = el.checked; return; }
    if (type === 'int-list') {
      body[el.name] = Array.from(el.selectedOptions).map((o) => Number(o.value));
      return;
    }
    const value = el.value.trim();
    if (type === 'int-or-null') { body[el.name] = value === '' ? null : Number(value); return; }
    if (value === '' && !el.dataset.sendEmpty) { return; }
    body[el.name] = type === 'int' ? Number(value) : (el.name === 'password' ? el.value : value);
  });
  return body;
}

document.querySelectorAll('form[data-api-url]').forEach((form) => {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = form.querySelector('[data-error]');
    const result = form.querySelector('[data-result]');
    SB.showError(error, '');
    if (result) { result.hidden = true; }
    const invalid = Array.from(form.elements).find((el) => el.willValidate && !el.checkValidity());
    if (invalid) {
      const label = form.querySelector('label[for="' + CSS.escape(invalid.id) + '"]');
      SB.showError(error, (label ? label.textContent.trim() : invalid.name) + ': ' + invalid.validationMessage);
      invalid.focus();
      return;
    }
    const method = form.dataset.apiMethod || 'POST';
    const button = form.querySelector('button[type=submit]');
    if (button) { button.disabled = true; }
    try {
      const data = await SB.api(method, form.dataset.apiUrl, method === 'DELETE' ? undefined : collect(form));
      if (result) { result.textContent = form.dataset.success || 'Saved.'; result.hidden = false; }
      else { SB.toast(form.dataset.success || 'Saved.'); }
      if (form.dataset.showSecret && data && data.secret) {
        const secret = document.getElementById('token-secret');
        secret.textContent = data.secret;
        secret.hidden = false;
      }
      if (form.dataset.reload) { setTimeout(() => window.location.reload(), 600); }
    } catch (e) {
      SB.showError(error, e.message);
    } finally {
      if (button) { button.disabled = false; }
    }
  });
});
"""#
}
