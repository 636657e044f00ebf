/// The page frame every signed-in page extends: top bar (brand, search, live indicator, theme toggle, user,
/// sign out), the inbox navigation with live counts, and the main region. Blocks: `title`, `main`, `scripts`.
enum LayoutTemplate {
    static let source = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="{{csrf}}">
<meta name="color-scheme" content="light dark">
<title>{{$title}}Switchboard{{/title}} · Switchboard</title>
<link rel="icon" href="{{assets.icon_svg}}" type="image/svg+xml">
<link rel="stylesheet" href="{{assets.app_css}}">
<script src="{{assets.theme_js}}"></script>
<script type="module" src="{{assets.app_js}}"></script>
<script type="module" src="{{assets.live_js}}"></script>
<script type="module" src="{{assets.shortcuts_js}}"></script>
{{$scripts}}{{/scripts}}
</head>
<body data-user-id="{{user.id}}" data-user-name="{{user.name}}" data-page="{{page}}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
  <a class="brand" href="/inbox"><img src="{{assets.icon_svg}}" alt="" width="26" height="26">Switchboard</a>
  <form class="search" role="search" action="/search" method="get" id="global-search">
    <svg class="icon" aria-hidden="true" viewBox="0 0 24 24"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>
    <label class="visually-hidden" for="search-input">Search tickets</label>
    <input id="search-input" name="q" type="search" placeholder="Search tickets  ( / )" value="{{query}}"
      autocomplete="off" aria-controls="search-results" aria-expanded="false">
    <ul id="search-results" class="search-results" role="listbox" aria-label="Search results" hidden></ul>
  </form>
  <span class="spacer"></span>
  <div class="user-menu">
    <span class="live-dot" id="live-dot" data-state="connecting" role="status" aria-label="Live updates: connecting"
      title="Live updates"></span>
    <button type="button" id="theme-toggle" aria-label="Switch colour theme" title="Switch colour theme">
      <svg class="icon" aria-hidden="true" viewBox="0 0 24 24"><path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"/></svg>
      <span class="theme-label">Theme</span>
    </button>
    <button type="button" id="help-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">?</button>
    <span class="who">{{user.name}}</span>
    <form method="post" action="/logout">
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <button type="submit" id="logout">Sign out</button>
    </form>
  </div>
</header>
<div class="shell">
  <aside class="sidebar" aria-label="Inbox views">
    <nav>
      <h2>Views</h2>
      <ul id="view-nav">
        {{#nav.views}}
        <li><a href="{{href}}" data-view="{{key}}" {{#current}}aria-current="page"{{/current}}>
          <span>{{label}}</span><span class="count" data-count="{{key}}">{{count}}</span></a></li>
        {{/nav.views}}
      </ul>
      {{#nav.hasTeams}}
      <h2>Teams</h2>
      <ul>
        {{#nav.teams}}
        <li><a href="{{href}}" data-view="{{key}}" {{#current}}aria-current="page"{{/current}}>
          <span>{{label}}</span><span class="count" data-count="{{key}}">{{count}}</span></a></li>
        {{/nav.teams}}
      </ul>
      {{/nav.hasTeams}}
      {{#user.mayKeepMacros}}
      <h2>Settings</h2>
      <ul><li><a href="/macros" {{#nav.macrosCurrent}}aria-current="page"{{/nav.macrosCurrent}}><span>My macros</span></a></li>
      {{#user.isAdmin}}<li><a href="/admin/users" {{#nav.adminCurrent}}aria-current="page"{{/nav.adminCurrent}}><span>Admin</span></a></li>{{/user.isAdmin}}</ul>
      {{/user.mayKeepMacros}}
    </nav>
  </aside>
  <main id="main" tabindex="-1">
    {{#flash}}<div class="alert {{kind}}" role="status">{{message}}</div>{{/flash}}
    {{$main}}{{/main}}
  </main>
</div>
<dialog id="help-dialog" aria-labelledby="help-title">
  <h2 id="help-title">Keyboard shortcuts</h2>
  <div class="shortcuts">
    <kbd>j</kbd><span>Next ticket</span>
    <kbd>k</kbd><span>Previous ticket</span>
    <kbd>Enter</kbd><span>Open selected ticket</span>
    <kbd>x</kbd><span>Select ticket for bulk actions</span>
    <kbd>r</kbd><span>Reply</span>
    <kbd>n</kbd><span>Internal note</span>
    <kbd>m</kbd><span>Insert a macro</span>
    <kbd>a</kbd><span>Assign to me</span>
    <kbd>s</kbd><span>Solve</span>
    <kbd>/</kbd><span>Search</span>
    <kbd>g</kbd> <kbd>i</kbd><span>Go to inbox</span>
    <kbd>?</kbd><span>This help</span>
    <kbd>Esc</kbd><span>Close / leave field</span>
  </div>
  <form method="dialog"><button type="submit" class="primary">Close</button></form>
</dialog>
<div id="toast" class="toast" role="status" aria-live="polite" hidden></div>
</body>
</html>
"""#
}
