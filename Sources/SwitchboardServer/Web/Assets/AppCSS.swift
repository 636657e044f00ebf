/// The one stylesheet of the agent workspace: light and dark themes, layout, inbox, ticket, forms, admin.
///
/// Colours are chosen for WCAG AA contrast (≥ 4.5:1 for text) in both themes. The theme follows
/// `prefers-color-scheme` unless `<html data-theme="light|dark">` is set by the toggle.
enum AppCSS {
    static let source = #"""
:root {
  --bg: #f4f6f8; --surface: #ffffff; --surface-2: #eef1f4; --border: #d0d7de; --text: #1a1d21;
  --muted: #57606a; --accent: #0b5cad; --accent-text: #ffffff; --accent-soft: #ddeafb; --danger: #b42318;
  --danger-soft: #fde7e4; --ok: #1a7f37; --ok-soft: #dcf5e3; --warn: #7a4d00; --warn-soft: #fff2cc;
  --note: #fff8d6; --note-border: #d4a72c; --focus: #1f6feb; --shadow: 0 1px 2px rgba(0,0,0,.08);
  --radius: 6px; color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {
    --bg: #0d1117; --surface: #161b22; --surface-2: #1f2630; --border: #3a434e; --text: #e6edf3;
    --muted: #a3adb8; --accent: #6cb6ff; --accent-text: #0d1117; --accent-soft: #1c2f45; --danger: #ff8a80;
    --danger-soft: #3d1d1b; --ok: #56d364; --ok-soft: #173421; --warn: #f2cc60; --warn-soft: #3a2e0c;
    --note: #2e2812; --note-border: #9e7c1c; --focus: #79c0ff; --shadow: 0 1px 2px rgba(0,0,0,.5);
    color-scheme: dark;
  }
}
:root[data-theme="dark"] {
  --bg: #0d1117; --surface: #161b22; --surface-2: #1f2630; --border: #3a434e; --text: #e6edf3;
  --muted: #a3adb8; --accent: #6cb6ff; --accent-text: #0d1117; --accent-soft: #1c2f45; --danger: #ff8a80;
  --danger-soft: #3d1d1b; --ok: #56d364; --ok-soft: #173421; --warn: #f2cc60; --warn-soft: #3a2e0c;
  --note: #2e2812; --note-border: #9e7c1c; --focus: #79c0ff; --shadow: 0 1px 2px rgba(0,0,0,.5);
  color-scheme: dark;
}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  font-size: 15px; line-height: 1.45; background: var(--bg); color: var(--text);
}
a { color: var(--accent); }
a:hover { text-decoration: underline; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; border: 0; padding: 0; margin: -1px;
}
.skip-link { position: absolute; left: -999px; top: 0; background: var(--surface); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; top: .5rem; }
.icon { width: 1.1em; height: 1.1em; vertical-align: -.18em; fill: none; stroke: currentColor; stroke-width: 2;
  stroke-linecap: round; stroke-linejoin: round; }
button, .button {
  font: inherit; display: inline-flex; align-items: center; gap: .35rem; padding: .4rem .8rem;
  border-radius: var(--radius); border: 1px solid var(--border); background: var(--surface); color: var(--text);
  cursor: pointer; text-decoration: none; min-height: 2.2rem;
}
button:hover, .button:hover { background: var(--surface-2); text-decoration: none; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
button.primary:hover { filter: brightness(1.08); }
button.danger { color: var(--danger); }
button[disabled] { opacity: .6; cursor: not-allowed; }
input, select, textarea {
  font: inherit; color: var(--text); background: var(--surface); border: 1px solid var(--border);
  border-radius: var(--radius); padding: .4rem .55rem; min-height: 2.2rem; max-width: 100%;
}
textarea { width: 100%; min-height: 8rem; resize: vertical; }
label { font-weight: 600; display: block; margin-bottom: .25rem; }
.field { margin-bottom: .9rem; }
.field input:not([type=checkbox]), .field select, .field textarea { width: 100%; }
.hint { color: var(--muted); font-size: .85rem; }
.alert { border-radius: var(--radius); padding: .6rem .8rem; margin: 0 0 1rem; border: 1px solid; }
.alert.error { background: var(--danger-soft); color: var(--danger); border-color: var(--danger); }
.alert.ok { background: var(--ok-soft); color: var(--ok); border-color: var(--ok); }
.alert.info { background: var(--accent-soft); color: var(--text); border-color: var(--accent); }
.alert[hidden] { display: none; }

/* Top bar and navigation */
.topbar {
  display: flex; align-items: center; gap: .75rem; padding: .45rem 1rem; background: var(--surface);
  border-bottom: 1px solid var(--border); position: sticky; top: 0; z-index: 5;
}
.brand { display: flex; align-items: center; gap: .4rem; font-weight: 700; color: var(--text); text-decoration: none; }
.brand img { width: 26px; height: 26px; }
.search { position: relative; flex: 1; max-width: 32rem; }
.search input { width: 100%; padding-left: 2rem; }
.search .icon { position: absolute; left: .6rem; top: .6rem; color: var(--muted); }
.search-results {
  position: absolute; top: 2.6rem; left: 0; right: 0; background: var(--surface); border: 1px solid var(--border);
  border-radius: var(--radius); box-shadow: 0 8px 24px rgba(0,0,0,.18); list-style: none; margin: 0; padding: .25rem 0;
  max-height: 60vh; overflow: auto;
}
.search-results li a { display: block; padding: .45rem .75rem; color: var(--text); text-decoration: none; }
.search-results li a:hover, .search-results li a[aria-selected=true] { background: var(--accent-soft); }
.search-results .snippet { color: var(--muted); font-size: .85rem; display: block; }
mark { background: var(--warn-soft); color: inherit; padding: 0 .1em; }
.topbar .spacer { flex: 1; }
.user-menu { display: flex; align-items: center; gap: .5rem; }
.user-menu .who { color: var(--muted); font-size: .9rem; }
.live-dot { width: .6rem; height: .6rem; border-radius: 50%; background: var(--muted); display: inline-block; }
.live-dot[data-state="open"] { background: var(--ok); }
.live-dot[data-state="closed"] { background: var(--danger); }
.shell { display: grid; grid-template-columns: 15rem 1fr; min-height: calc(100vh - 3.2rem); }
.sidebar { background: var(--surface); border-right: 1px solid var(--border); padding: .75rem .5rem; }
.sidebar h2 { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  margin: .9rem .5rem .35rem; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar a {
  display: flex; justify-content: space-between; align-items: center; padding: .35rem .6rem; border-radius: var(--radius);
  color: var(--text); text-decoration: none;
}
.sidebar a:hover { background: var(--surface-2); }
.sidebar a[aria-current="page"] { background: var(--accent-soft); font-weight: 600; }
.count { font-variant-numeric: tabular-nums; color: var(--muted); font-size: .85rem; }
main { padding: 1rem 1.25rem; min-width: 0; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
h2 { font-size: 1.1rem; }

/* Inbox */
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: .75rem; }
.toolbar .field { margin: 0; }
.toolbar label { font-size: .8rem; font-weight: 600; color: var(--muted); }
.bulk { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .5rem .75rem; margin-bottom: .5rem;
  background: var(--accent-soft); border-radius: var(--radius); }
.bulk[hidden] { display: none; }
.bulk-merge { display: inline-flex; gap: .5rem; align-items: center; }
.bulk-merge[hidden] { display: none; }
table.tickets { width: 100%; border-collapse: collapse; background: var(--surface); border: 1px solid var(--border);
  border-radius: var(--radius); box-shadow: var(--shadow); }
table.tickets th { text-align: left; font-size: .8rem; color: var(--muted); font-weight: 600; padding: .5rem .6rem;
  border-bottom: 1px solid var(--border); white-space: nowrap; }
table.tickets td { padding: .55rem .6rem; border-bottom: 1px solid var(--border); vertical-align: top; }
table.tickets tr:last-child td { border-bottom: 0; }
table.tickets tbody tr:hover { background: var(--surface-2); }
table.tickets tbody tr.selected { background: var(--accent-soft); }
table.tickets tbody tr.cursor { box-shadow: inset 3px 0 0 var(--accent); }
.subject a { font-weight: 600; color: var(--text); text-decoration: none; }
.subject a:hover { text-decoration: underline; }
.preview { color: var(--muted); font-size: .85rem; display: block; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; max-width: 36rem; }
.requester { font-weight: 500; }
.org { color: var(--muted); font-size: .85rem; display: block; }
.num { color: var(--muted); font-variant-numeric: tabular-nums; }
.badge { display: inline-block; font-size: .75rem; font-weight: 600; padding: .1rem .45rem; border-radius: 999px;
  border: 1px solid transparent; white-space: nowrap; }
.status-new { background: var(--warn-soft); color: var(--warn); border-color: var(--warn); }
.status-open { background: var(--danger-soft); color: var(--danger); border-color: var(--danger); }
.status-pending { background: var(--accent-soft); color: var(--accent); border-color: var(--accent); }
.status-on_hold { background: var(--surface-2); color: var(--text); border-color: var(--border); }
.status-solved, .status-closed { background: var(--ok-soft); color: var(--ok); border-color: var(--ok); }
.prio-urgent { color: var(--danger); font-weight: 700; }
.prio-high { color: var(--warn); font-weight: 600; }
.prio-low { color: var(--muted); }
.channel { color: var(--muted); font-size: .85rem; }
.empty { padding: 2rem; text-align: center; color: var(--muted); background: var(--surface);
  border: 1px dashed var(--border); border-radius: var(--radius); }
.pager { display: flex; justify-content: flex-end; gap: .5rem; margin-top: .75rem; }

/* Ticket page */
.ticket-layout { display: grid; grid-template-columns: minmax(0, 1fr) 18rem 18rem; gap: 1rem; align-items: start; }
.ticket-head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; margin-bottom: .75rem; }
.ticket-head h1 { margin: 0; }
.panel { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: .9rem;
  box-shadow: var(--shadow); margin-bottom: 1rem; }
.panel h2 { font-size: .95rem; margin: 0 0 .6rem; }
.timeline { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-direction: column; gap: .75rem; }
.entry { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: .7rem .9rem;
  box-shadow: var(--shadow); }
.entry header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; font-size: .85rem;
  color: var(--muted); margin-bottom: .35rem; }
.entry header strong { color: var(--text); }
.entry.inbound { border-left: 4px solid var(--muted); }
.entry.outbound { border-left: 4px solid var(--accent); }
.entry.note { background: var(--note); border-color: var(--note-border); border-left: 4px solid var(--note-border); }
.entry.activity { background: transparent; border: 0; box-shadow: none; padding: .1rem .9rem; color: var(--muted);
  font-size: .85rem; text-align: center; }
.entry .kind { text-transform: uppercase; font-size: .7rem; letter-spacing: .05em; font-weight: 700; }
.entry .body { overflow-wrap: anywhere; }
.entry .body img { max-width: 100%; height: auto; }
.entry .body blockquote { border-left: 3px solid var(--border); margin: .5rem 0; padding-left: .75rem; color: var(--muted); }
.entry .body pre.text { white-space: pre-wrap; font: inherit; margin: 0; }
.sb-quoted.folded { display: none; }
.quote-toggle { font-size: .8rem; padding: .1rem .5rem; min-height: 0; margin: .35rem 0; }
.attachments { list-style: none; padding: 0; margin: .5rem 0 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.attachments li { font-size: .85rem; border: 1px solid var(--border); border-radius: var(--radius); padding: .2rem .5rem;
  background: var(--surface-2); }
.attachments .thumb { display: block; max-width: 160px; max-height: 120px; width: auto; height: auto;
  object-fit: contain; margin-bottom: .25rem; border-radius: calc(var(--radius) / 2); }
#merge-contact-results button { width: 100%; text-align: left; margin: .2rem 0; }
#invite-link { width: 100%; font-family: monospace; }
.delivery-failed { color: var(--danger); font-weight: 600; }
.composer { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: .75rem;
  box-shadow: var(--shadow); }
.composer.mode-note { background: var(--note); border-color: var(--note-border); }
.composer .tabs { display: flex; gap: .25rem; margin-bottom: .5rem; }
.composer .tabs button[aria-pressed="true"] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
.composer .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: .5rem; }
.presence { font-size: .85rem; color: var(--muted); min-height: 1.2rem; margin: .25rem 0; }
.meanwhile { margin-top: .5rem; }
dl.props { display: grid; grid-template-columns: auto 1fr; gap: .3rem .75rem; margin: 0; font-size: .9rem; }
dl.props dt { color: var(--muted); }
dl.props dd { margin: 0; overflow-wrap: anywhere; }
.tags { display: flex; flex-wrap: wrap; gap: .3rem; }
.tag { background: var(--surface-2); border: 1px solid var(--border); border-radius: 999px; padding: 0 .5rem;
  font-size: .8rem; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.plain li { padding: .25rem 0; border-bottom: 1px solid var(--border); font-size: .9rem; }
ul.plain li:last-child { border-bottom: 0; }
.history li { font-size: .8rem; color: var(--muted); }
.notes { white-space: pre-wrap; }

/* Login */
.login-page { display: grid; place-items: center; min-height: 100vh; padding: 1rem; }
.login-card { width: 100%; max-width: 24rem; background: var(--surface); border: 1px solid var(--border);
  border-radius: 10px; padding: 1.5rem; box-shadow: 0 8px 24px rgba(0,0,0,.12); }
.login-card h1 { display: flex; align-items: center; gap: .5rem; }
.login-card button.primary { width: 100%; justify-content: center; }
.login-card .theme-row { display: flex; justify-content: flex-end; margin-top: 1rem; }

/* Admin */
table.grid { width: 100%; border-collapse: collapse; background: var(--surface); border: 1px solid var(--border); }
table.grid th, table.grid td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--border); }
table.grid th { font-size: .8rem; color: var(--muted); }
.admin-tabs { display: flex; flex-wrap: wrap; gap: .5rem; margin-bottom: 1rem; }
.admin-tabs a { padding: .3rem .7rem; border-radius: var(--radius); text-decoration: none; border: 1px solid var(--border);
  color: var(--text); background: var(--surface); }
.admin-tabs a[aria-current="page"] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
.inline-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: 1rem 0; }
.inline-form .alert { flex-basis: 100%; margin: 0; }
.inline-form .field { margin: 0; }
.secret { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--surface-2);
  padding: .3rem .5rem; border-radius: var(--radius); overflow-wrap: anywhere; }

/* Help overlay */
dialog { border: 1px solid var(--border); border-radius: 10px; background: var(--surface); color: var(--text);
  max-width: 32rem; width: calc(100% - 2rem); }
dialog::backdrop { background: rgba(0,0,0,.45); }
kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--surface-2);
  border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 4px; padding: 0 .35rem; font-size: .85em; }
.shortcuts { display: grid; grid-template-columns: auto 1fr; gap: .35rem 1rem; }
.toast { position: fixed; bottom: 1rem; right: 1rem; background: var(--text); color: var(--bg); padding: .6rem .9rem;
  border-radius: var(--radius); z-index: 20; max-width: 24rem; }
.toast[hidden] { display: none; }

/* Macros (composer picker, admin) and saved views */
.macro-bar { display: flex; align-items: center; gap: .5rem; flex-wrap: wrap; margin: .35rem 0; }
.macro-applied { font-size: .85rem; color: var(--muted); }
.macro-picker { margin: .35rem 0; max-width: 36rem; }
.macro-picker input { width: 100%; }
#macro-list { list-style: none; margin: .4rem 0 0; padding: 0; max-height: 14rem; overflow-y: auto; }
#macro-list li { padding: .35rem .5rem; border-radius: var(--radius); cursor: pointer; }
#macro-list li[aria-selected="true"] { background: var(--accent-soft); outline: 2px solid var(--focus); }
.macro-form { margin-top: 1rem; }
.macro-form fieldset { border: 1px solid var(--border); border-radius: var(--radius); margin: .6rem 0; }
.macro-form textarea { width: 100%; }
td.macro-body { max-width: 24rem; white-space: pre-wrap; }
.save-view { margin-top: 1rem; }
.save-view summary { cursor: pointer; font-weight: 600; }
#macro-cancel[hidden], .macro-applied[hidden], .macro-picker[hidden], #macro-team-row[hidden],
#macro-empty[hidden] { display: none; }
@media (max-width: 1400px) {
  .ticket-layout { grid-template-columns: minmax(0, 1fr) 18rem; }
  .ticket-layout > section { grid-row: span 2; }
  .ticket-layout .customer { grid-column: 2; }
}
@media (max-width: 760px) {
  body { font-size: 16px; }
  .topbar { flex-wrap: wrap; padding: .45rem .6rem; }
  .search { order: 3; flex-basis: 100%; max-width: none; }
  .user-menu .who { display: none; }
  .theme-label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .topbar .brand { flex: 1; }
  .topbar .spacer { display: none; }
  .shell { grid-template-columns: 1fr; }
  .sidebar { border-right: 0; border-bottom: 1px solid var(--border); padding: .4rem; overflow-x: auto; }
  .sidebar h2 { display: none; }
  .sidebar ul { display: flex; gap: .25rem; }
  .sidebar nav { display: flex; gap: .25rem; }
  .sidebar a { white-space: nowrap; gap: .4rem; }
  main { padding: .75rem; }
  .ticket-layout { grid-template-columns: 1fr; }
  table.tickets thead { display: none; }
  table.tickets, table.tickets tbody, table.tickets tr, table.tickets td { display: block; width: 100%; }
  table.tickets tr { border-bottom: 1px solid var(--border); padding: .4rem 0; position: relative; }
  table.tickets td { border: 0; padding: .15rem .6rem; }
  table.tickets td.select { position: absolute; right: 0; top: .3rem; width: auto; }
  table.tickets td.hide-phone { display: none; }
  table.tickets td.meta { display: inline-block; width: auto; padding-right: .2rem; font-size: .85rem; }
  .preview { max-width: 100%; }
}
"""#
}
