/// Applies the saved colour theme before the page paints (a classic script in `<head>`) and wires the toggle.
/// Without a saved choice the theme follows `prefers-color-scheme`.
enum ThemeJS {
    static let source = #"""
(function () {
  'use strict';
  var KEY = 'sb-theme';
  var root = document.documentElement;
  function apply(theme) {
    if (theme === 'light' || theme === 'dark') { root.setAttribute('data-theme', theme); }
    else { root.removeAttribute('data-theme'); }
  }
  function current() {
    var chosen = root.getAttribute('data-theme');
    if (chosen) { return chosen; }
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  function updateButton() {
    var button = document.getElementById('theme-toggle');
    if (!button) { return; }
    var next = current() === 'dark' ? 'light' : 'dark';
    button.setAttribute('aria-label', 'Switch to ' + next + ' theme');
    button.setAttribute('title', 'Switch to ' + next + ' theme');
    var label = button.querySelector('.theme-label');
    if (label) { label.textContent = next === 'dark' ? 'Dark' : 'Light'; }
  }
  try { apply(window.localStorage.getItem(KEY)); } catch (e) { /* storage disabled: follow the system */ }
  document.addEventListener('DOMContentLoaded', function () {
    var button = document.getElementById('theme-toggle');
    if (button) {
      button.addEventListener('click', function () {
        var next = current() === 'dark' ? 'light' : 'dark';
        apply(next);
        try { window.localStorage.setItem(KEY, next); } catch (e) { /* not persisted */ }
        updateButton();
      });
    }
    updateButton();
  });
})();
"""#
}
