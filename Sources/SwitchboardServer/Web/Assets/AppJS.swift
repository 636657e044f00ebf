/// Shared helpers (`window.SB`): JSON API calls with the CSRF header, toasts, the global search box with
/// instant results, and the help dialog. Loaded first of the page modules.
enum AppJS {
    static let source = #"""
const csrfMeta = document.querySelector('meta[name="csrf-token"]');
const SB = window.SB || {};
window.SB = SB;
SB.csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
SB.userId = Number(document.body.dataset.userId || 0);

/** Calls the JSON API; resolves with the parsed body or rejects with an Error carrying `field` and `status`. */
SB.api = async function (method, url, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') { headers['X-CSRF-Token'] = SB.csrf; }
  if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
  let response;
  try {
    response = await fetch(url, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch (e) {
    throw Object.assign(new Error('The server cannot be reached. Check your connection and try again.'), { status: 0 });
  }
  if (response.status === 204) { return null; }
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    if (response.status === 401) { window.location.assign('/login?next=' + encodeURIComponent(location.pathname)); }
    const detail = data && data.error ? data.error : {};
    let message = detail.message || ('The request failed (' + response.status + ').');
    if (detail.field) { message = detail.field.replace(/_/g, ' ') + ': ' + message; }
    throw Object.assign(new Error(message), { status: response.status, field: detail.field || null });
  }
  return data;
};

/** Fetches an HTML fragment of the web UI. */
SB.fragment = async function (url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
  if (response.status === 401 || response.redirected && response.url.indexOf('/login') >= 0) {
    window.location.assign('/login');
    return '';
  }
  if (!response.ok) { throw new Error('Refresh failed (' + response.status + ').'); }
  return response.text();
};

let toastTimer = null;
/** Shows a short status message in the corner. */
SB.toast = function (text) {
  const toast = document.getElementById('toast');
  if (!toast) { return; }
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 4000);
};

/** Shows `message` in an alert element (or hides it when empty). */
SB.showError = function (element, message) {
  if (!element) { return; }
  element.textContent = message || '';
  element.hidden = !message;
};

/** Updates the counters in the navigation and headings from `{counts: {view: n}}`. */
SB.refreshCounts = async function () {
  try {
    const data = await SB.api('GET', '/inbox-counts');
    for (const [key, value] of Object.entries(data.counts || {})) {
      document.querySelectorAll('[data-count="' + CSS.escape(key) + '"]').forEach((el) => {
        el.textContent = String(value);
      });
    }
  } catch (e) { /* counts stay as they are */ }
};

// Help dialog
const helpDialog = document.getElementById('help-dialog');
SB.openHelp = function () { if (helpDialog && !helpDialog.open) { helpDialog.showModal(); } };
const helpButton = document.getElementById('help-button');
if (helpButton) { helpButton.addEventListener('click', SB.openHelp); }

// Global search with instant results
const searchInput = document.getElementById('search-input');
const results = document.getElementById('search-results');
let searchTimer = null;
let searchSeq = 0;

function snippetNodes(snippet) {
  // The snippet is HTML-escaped text with <mark> around matches; keep only text and <mark>.
  const doc = new DOMParser().parseFromString('<p>' + (snippet || '') + '</p>', 'text/html');
  const out = document.createDocumentFragment();
  doc.body.firstChild.childNodes.forEach((node) => {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      out.appendChild(mark);
    } else {
      out.appendChild(document.createTextNode(node.textContent));
    }
  });
  return out;
}

function closeResults() {
  if (!results) { return; }
  results.hidden = true;
  searchInput.setAttribute('aria-expanded', 'false');
}

async function runSearch() {
  const q = searchInput.value.trim();
  const seq = ++searchSeq;
  if (q.length < 2) { closeResults(); return; }
  try {
    const data = await SB.api('GET', '/api/v1/search?limit=8&q=' + encodeURIComponent(q));
    if (seq !== searchSeq) { return; }
    results.replaceChildren();
    const items = data.items || [];
    if (items.length === 0) {
      const li = document.createElement('li');
      li.className = 'hint';
      li.textContent = 'No matching tickets';
      results.appendChild(li);
    }
    items.forEach((hit) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '/tickets/' + hit.ticket.id;
      a.setAttribute('role', 'option');
      const title = document.createElement('strong');
      title.textContent = '#' + hit.ticket.number + ' ' + hit.ticket.subject;
      const snippet = document.createElement('span');
      snippet.className = 'snippet';
      snippet.appendChild(snippetNodes(hit.snippet));
      a.append(title, snippet);
      li.appendChild(a);
      results.appendChild(li);
    });
    results.hidden = false;
    searchInput.setAttribute('aria-expanded', 'true');
  } catch (e) {
    closeResults();
  }
}

if (searchInput && results) {
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 150);
  });
  searchInput.addEventListener('keydown', (event) => {
    const options = Array.from(results.querySelectorAll('a[role=option]'));
    const index = options.findIndex((a) => a.getAttribute('aria-selected') === 'true');
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) { return; }
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? Math.min(index + 1, options.length - 1) : Math.max(index - 1, 0);
      options.forEach((a, i) => a.setAttribute('aria-selected', i === next ? 'true' : 'false'));
      options[next].scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter' && index >= 0) {
      event.preventDefault();
      window.location.assign(options[index].href);
    } else if (event.key === 'Escape') {
      closeResults();
      searchInput.blur();
    }
  });
  document.addEventListener('click', (event) => {
    if (!event.target.closest('#global-search')) { closeResults(); }
  });
}
"""#
}
