/// The admin pages: users and roles, teams, inboxes and API tokens. Forms post JSON to the REST API
/// (`admin.js`), with the session's CSRF token.
enum AdminTemplate {
    static let source = #"""
{{<layout}}
{{$title}}Admin · {{section.label}}{{/title}}
{{$scripts}}<script type="module" src="{{assets.admin_js}}"></script>
<script type="module" src="{{assets.fields_js}}"></script>
<script type="module" src="{{assets.macro_admin_js}}"></script>{{/scripts}}
{{$main}}
<h1>Admin</h1>
<nav class="admin-tabs" aria-label="Admin sections">
  {{#sections}}<a href="{{href}}" {{#current}}aria-current="page"{{/current}}>{{label}}</a>{{/sections}}
</nav>
{{#isUsers}}
<h2>Users and roles</h2>
<table class="grid" id="users-table">
  <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Active</th></tr></thead>
  <tbody>{{#users}}<tr><td>{{name}}</td><td>{{email}}</td><td>{{roleLabel}}</td><td>{{active}}</td></tr>{{/users}}</tbody>
</table>
<form class="inline-form panel" id="user-form" novalidate data-api-method="POST" data-api-url="/api/v1/users"
  data-success="User created." data-reload="true">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <div class="field"><label for="user-name">Name</label><input id="user-name" name="name" required maxlength="255"></div>
  <div class="field"><label for="user-email">Email</label><input id="user-email" name="email" type="email" required></div>
  <div class="field"><label for="user-role">Role</label>
    <select id="user-role" name="role">{{#roles}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/roles}}</select></div>
  <div class="field"><label for="user-password">Password</label>
    <input id="user-password" name="password" type="password" minlength="8" autocomplete="new-password"
      placeholder="at least 8 characters"></div>
  <button type="submit" class="primary">Add user</button>
  <div class="alert error" data-error role="alert" hidden></div>
  <div class="alert ok" data-result role="status" hidden></div>
</form>
<form class="inline-form panel" id="invite-form" novalidate>
  <h3>Invite by email</h3>
  <div class="field"><label for="invite-name">Name</label><input id="invite-name" name="name" required maxlength="255"></div>
  <div class="field"><label for="invite-email">Email</label><input id="invite-email" name="email" type="email" required></div>
  <div class="field"><label for="invite-role">Role</label>
    <select id="invite-role" name="role">{{#roles}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/roles}}</select></div>
  <button type="submit" class="primary" id="invite-submit">Send invitation</button>
  <div class="alert error" data-error role="alert" hidden></div>
  <div class="alert ok" data-result role="status" hidden></div>
  <div class="field" id="invite-link-row" hidden><label for="invite-link">Set-password link</label>
    <input id="invite-link" readonly><button type="button" id="invite-copy">Copy link</button></div>
</form>
{{/isUsers}}
{{#isTeams}}
<h2>Teams</h2>
<table class="grid" id="teams-table">
  <thead><tr><th>Team</th><th>Members</th></tr></thead>
  <tbody>{{#teams}}<tr><td>{{name}}</td><td>{{members}}</td></tr>{{/teams}}
  {{^teams}}<tr><td colspan="2" class="hint">No teams yet.</td></tr>{{/teams}}</tbody>
</table>
<form class="inline-form panel" id="team-form" novalidate data-api-method="POST" data-api-url="/api/v1/teams"
  data-success="Team created." data-reload="true">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <div class="field"><label for="team-name">Team name</label><input id="team-name" name="name" required maxlength="255"></div>
  <div class="field"><label for="team-members">Members</label>
    <select id="team-members" name="member_ids" multiple data-type="int-list">{{#agents}}<option value="{{id}}">{{name}}</option>{{/agents}}</select></div>
  <button type="submit" class="primary">Add team</button>
  <div class="alert error" data-error role="alert" hidden></div>
  <div class="alert ok" data-result role="status" hidden></div>
</form>
{{/isTeams}}
{{#isInboxes}}
<h2>Inboxes</h2>
<table class="grid" id="inboxes-table">
  <thead><tr><th>Inbox</th><th>Channel</th><th>Address</th><th>Web form</th></tr></thead>
  <tbody>{{#inboxes}}<tr><td>{{name}}</td><td>{{channel}}</td><td>{{address}}</td><td>{{webForm}}</td></tr>{{/inboxes}}
  {{^inboxes}}<tr><td colspan="4" class="hint">No inboxes yet.</td></tr>{{/inboxes}}</tbody>
</table>
<form class="inline-form panel" id="inbox-form" novalidate data-api-method="POST" data-api-url="/api/v1/inboxes"
  data-success="Inbox created." data-reload="true">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <div class="field"><label for="inbox-name">Name</label><input id="inbox-name" name="name" required maxlength="255"></div>
  <div class="field"><label for="inbox-channel">Channel</label>
    <select id="inbox-channel" name="channel">{{#channels}}<option value="{{value}}">{{label}}</option>{{/channels}}</select></div>
  <div class="field"><label for="inbox-address">Email address</label><input id="inbox-address" name="email_address" type="email"></div>
  <div class="field"><label><input type="checkbox" name="web_form_enabled" data-type="bool"> Web form enabled</label></div>
  <button type="submit" class="primary">Add inbox</button>
  <div class="alert error" data-error role="alert" hidden></div>
  <div class="alert ok" data-result role="status" hidden></div>
</form>
{{/isInboxes}}
{{#isTokens}}
<h2>Your API tokens</h2>
<table class="grid" id="tokens-table">
  <thead><tr><th>Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th></th></tr></thead>
  <tbody>{{#tokens}}<tr><td>{{name}}</td><td><code>{{prefix}}</code></td><td>{{created}}</td><td>{{lastUsed}}</td>
    <td>{{#revoked}}<span class="hint">Revoked</span>{{/revoked}}{{^revoked}}<form data-api-method="DELETE" data-api-url="/api/v1/tokens/{{id}}"
      data-success="Token revoked." data-reload="true"><input type="hidden" name="csrf_token" value="{{csrf}}">
      <button type="submit" class="danger">Revoke</button><span class="alert error" data-error hidden></span></form>{{/revoked}}</td></tr>{{/tokens}}
  {{^tokens}}<tr><td colspan="5" class="hint">No tokens yet.</td></tr>{{/tokens}}</tbody>
</table>
<form class="inline-form panel" id="token-form" novalidate data-api-method="POST" data-api-url="/api/v1/tokens"
  data-success="Token created. Copy it now: it is shown only once." data-show-secret="true">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <div class="field"><label for="token-name">Token name</label><input id="token-name" name="name" required maxlength="255"></div>
  <button type="submit" class="primary">Create token</button>
  <div class="alert error" data-error role="alert" hidden></div>
  <div class="alert ok" data-result role="status" hidden></div>
  <p class="secret" id="token-secret" hidden></p>
</form>
{{/isTokens}}
{{#isFields}}
<h2>Custom fields</h2>
<div class="alert error" id="custom-fields-table-error" role="alert" hidden></div>
<table class="grid" id="custom-fields-table">
  <thead><tr><th>Label</th><th>Key</th><th>Type</th><th>Options</th><th>Required to solve</th><th>Status</th><th></th></tr></thead>
  <tbody>{{#customFieldRows}}<tr data-field-key="{{key}}"><td>{{label}}</td><td><code>{{key}}</code></td><td>{{typeLabel}}</td>
    <td>{{options}}</td><td>{{required}}</td><td>{{status}}</td>
    <td>{{#active}}<button type="button" data-field-action="deactivate" data-field-id="{{id}}">Deactivate</button>{{/active}}
      {{^active}}<button type="button" data-field-action="activate" data-field-id="{{id}}">Activate</button>{{/active}}
      <button type="button" class="danger" data-field-action="delete" data-field-id="{{id}}" data-field-label="{{label}}">Delete</button></td></tr>{{/customFieldRows}}
  {{^hasCustomFieldRows}}<tr><td colspan="7" class="hint">No custom fields yet.</td></tr>{{/hasCustomFieldRows}}</tbody>
</table>
<form class="inline-form panel" id="custom-field-form" novalidate>
  <div class="field"><label for="field-label">Label</label><input id="field-label" name="label" required maxlength="255"></div>
  <div class="field"><label for="field-key">Key</label><input id="field-key" name="key" required maxlength="64"
    pattern="[a-z][a-z0-9_]*" aria-describedby="field-key-hint"><span class="hint" id="field-key-hint">lower-case letters, digits, _</span></div>
  <div class="field"><label for="field-type">Type</label>
    <select id="field-type" name="type">{{#fieldTypes}}<option value="{{value}}">{{label}}</option>{{/fieldTypes}}</select></div>
  <div class="field" id="field-options-row"><label for="field-options">Options (one per line)</label>
    <textarea id="field-options" name="options" rows="4"></textarea></div>
  <div class="field"><label><input type="checkbox" id="field-required" name="required_on_solve"> Required to solve</label></div>
  <button type="submit" class="primary" id="field-submit">Add custom field</button>
  <div class="alert error" data-error role="alert" hidden></div>
</form>
{{/isFields}}
{{{adminMacrosHTML}}}{{{adminTagsHTML}}}
{{/main}}
{{/layout}}
"""#
}
