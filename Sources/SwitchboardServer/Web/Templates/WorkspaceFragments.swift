import Mustache

/// Markup for macros, saved views and tag admin, rendered on its own and placed into the shared page templates
/// with one triple-mustache tag each (`{{{macroPicker}}}`, `{{{savedViewsHTML}}}`, `{{{adminMacrosHTML}}}`), so
/// those templates stay small. Values are escaped here by the double-mustache tags as everywhere else.
enum WorkspaceFragments {
    enum Name: String, CaseIterable {
        case macroPicker = "macro_picker"
        case adminMacros = "admin_macros"
        case adminTags = "admin_tags"
        case savedViews = "saved_views"
    }

    /// The composer's macro button and picker (a filterable listbox; `m` opens it).
    static let macroPickerSource = #"""
<div class="macro-bar">
  <button type="button" id="macro-open" aria-haspopup="listbox" aria-expanded="false" aria-controls="macro-picker"
    aria-keyshortcuts="m" title="Insert a macro (m)">Macros <kbd>m</kbd></button>
  <span class="macro-applied" id="macro-applied" role="status" hidden><span id="macro-applied-text"></span>
    <button type="button" id="macro-clear">Remove macro</button></span>
</div>
<div class="macro-picker panel" id="macro-picker" hidden>
  <label for="macro-filter">Find a macro</label>
  <input id="macro-filter" type="text" role="combobox" aria-expanded="true" aria-controls="macro-list"
    aria-autocomplete="list" autocomplete="off" placeholder="Type to filter, ↑↓ to choose, Enter to insert">
  <ul id="macro-list" role="listbox" aria-label="Macros">
    {{#macros}}<li role="option" id="macro-option-{{id}}" data-macro-id="{{id}}" data-macro-name="{{name}}"
      aria-selected="false"><strong>{{name}}</strong> <span class="hint">{{summary}}</span></li>{{/macros}}
  </ul>
  <p class="hint" id="macro-empty" {{#hasMacros}}hidden{{/hasMacros}}>No macros match.{{^hasMacros}}
    Save your own under <a href="/macros">My macros</a>.{{/hasMacros}}</p>
  <div class="alert error" id="macro-error" role="alert" hidden></div>
</div>
"""#

    /// Admin → Macros: the list with edit/delete and the create/edit form.
    static let adminMacrosSource = #"""
<h2>Macros</h2>
<p class="hint" id="macro-placeholders">Placeholders you can use in the text: {{#placeholders}}<code>{{name}}</code> {{/placeholders}}</p>
<div class="alert error" id="macros-table-error" role="alert" hidden></div>
<table class="grid" id="macros-table">
  <thead><tr><th>Name</th><th>Visible to</th><th>Text</th><th>Changes</th><th></th></tr></thead>
  <tbody>{{#macros}}<tr data-macro-row="{{id}}"><td>{{name}}</td><td>{{visibilityLabel}}</td><td class="macro-body">{{preview}}</td>
    <td>{{summary}}</td>
    <td>{{#manageable}}<button type="button" data-macro-edit="{{id}}" data-macro="{{json}}">Edit</button>
      <button type="button" class="danger" data-macro-delete="{{id}}" data-macro-name="{{name}}">Delete</button>{{/manageable}}</td></tr>{{/macros}}
  {{^hasMacros}}<tr><td colspan="5" class="hint">No macros yet.</td></tr>{{/hasMacros}}</tbody>
</table>
<form class="panel macro-form" id="macro-form" novalidate>
  <h3 id="macro-form-title">New macro</h3>
  <input type="hidden" name="id" id="macro-id" value="">
  <div class="field"><label for="macro-name">Name</label><input id="macro-name" name="name" required maxlength="255"></div>
  <div class="field"><label for="macro-visibility">Visible to</label>
    <select id="macro-visibility" name="visibility">{{#visibilities}}<option value="{{value}}">{{label}}</option>{{/visibilities}}</select></div>
  <div class="field" id="macro-team-row"><label for="macro-team">Team</label>
    <select id="macro-team" name="team_id"><option value="">Choose a team…</option>{{#teams}}<option value="{{id}}">{{name}}</option>{{/teams}}</select></div>
  <div class="field wide"><label for="macro-body">Text</label>
    <textarea id="macro-body" name="body" rows="5" aria-describedby="macro-placeholders"
      placeholder="{{bodyPlaceholder}}"></textarea></div>
  <fieldset class="macro-actions"><legend>Also change the ticket</legend>
    <div class="field"><label for="macro-status">Status</label>
      <select id="macro-status" name="status"><option value="">Keep</option>{{#statuses}}<option value="{{value}}">{{label}}</option>{{/statuses}}</select></div>
    <div class="field"><label for="macro-priority">Priority</label>
      <select id="macro-priority" name="priority"><option value="">Keep</option>{{#priorities}}<option value="{{value}}">{{label}}</option>{{/priorities}}</select></div>
    <div class="field"><label for="macro-type">Type</label>
      <select id="macro-type" name="type"><option value="">Keep</option>{{#types}}<option value="{{value}}">{{label}}</option>{{/types}}</select></div>
    <div class="field"><label for="macro-assignee">Assignee</label>
      <select id="macro-assignee" name="assignee_id"><option value="">Keep</option>{{#agents}}<option value="{{id}}">{{name}}</option>{{/agents}}</select></div>
    <div class="field"><label for="macro-action-team">Team</label>
      <select id="macro-action-team" name="action_team_id"><option value="">Keep</option>{{#teams}}<option value="{{id}}">{{name}}</option>{{/teams}}</select></div>
    <div class="field"><label for="macro-add-tags">Add tags</label><input id="macro-add-tags" name="add_tags" placeholder="comma separated"></div>
    <div class="field"><label for="macro-remove-tags">Remove tags</label><input id="macro-remove-tags" name="remove_tags" placeholder="comma separated"></div>
  </fieldset>
  <button type="submit" class="primary" id="macro-submit">Create macro</button>
  <button type="button" id="macro-cancel" hidden>Cancel editing</button>
  <div class="alert error" id="macro-form-error" role="alert" hidden></div>
  <div class="alert ok" id="macro-form-result" role="status" hidden></div>
</form>
"""#

    /// Admin → Tags: usage counts, rename and delete across tickets.
    static let adminTagsSource = #"""
<h2>Tags</h2>
<p class="hint">Renaming or deleting a tag changes every ticket that carries it; each change is recorded in the ticket's history.</p>
<div class="alert error" id="tags-error" role="alert" hidden></div>
<table class="grid" id="tags-table">
  <thead><tr><th>Tag</th><th>Tickets</th><th>Rename to</th><th></th></tr></thead>
  <tbody>{{#tags}}<tr data-tag="{{name}}"><td><code>{{name}}</code></td><td>{{count}}</td>
    <td><form class="tag-rename" data-tag="{{name}}" novalidate><label class="visually-hidden" for="tag-rename-{{index}}">New name for {{name}}</label>
      <input id="tag-rename-{{index}}" name="name" value="{{name}}" maxlength="64" size="16">
      <button type="submit">Rename</button></form></td>
    <td><button type="button" class="danger" data-tag-delete="{{name}}" data-tag-count="{{count}}">Delete</button></td></tr>{{/tags}}
  {{^hasTags}}<tr><td colspan="4" class="hint">No tags in use.</td></tr>{{/hasTags}}</tbody>
</table>
"""#

    /// The saved views for the sidebar (moved there by `views.js`) and the "save current filters" form.
    static let savedViewsSource = #"""
<div class="saved-views" id="saved-views">
  <h2 id="saved-views-title">Saved views</h2>
  <ul>
    {{#views}}<li><a href="{{href}}" {{#current}}aria-current="page"{{/current}}><span>{{label}}</span>
      <span class="count" data-count="{{key}}">{{count}}</span></a></li>{{/views}}
    {{^hasViews}}<li class="hint">None yet</li>{{/hasViews}}
  </ul>
</div>
<details class="save-view panel" id="save-view">
  <summary>Save current filters as a view</summary>
  <form id="save-view-form" novalidate>
    <input type="hidden" name="filters" id="save-view-filters" value="{{filtersJSON}}">
    <input type="hidden" name="sort" id="save-view-sort" value="{{sort}}">
    <div class="field"><label for="save-view-name">View name</label>
      <input id="save-view-name" name="name" required maxlength="255"></div>
    {{#canShare}}<div class="field"><label><input type="checkbox" id="save-view-shared" name="shared"> Share with everyone</label></div>{{/canShare}}
    <button type="submit" class="primary" id="save-view-submit">Save view</button>
    {{#savedViewID}}<button type="button" class="danger" id="delete-view" data-view-id="{{savedViewID}}">Delete this view</button>{{/savedViewID}}
    <div class="alert error" id="save-view-error" role="alert" hidden></div>
  </form>
</details>
"""#

    /// The parsed fragments; `nil` only if an embedded source does not parse (a test proves they do).
    static let library: MustacheLibrary? = {
        var library = MustacheLibrary()
        let sources: [(Name, String)] = [
            (.macroPicker, macroPickerSource), (.adminMacros, adminMacrosSource), (.adminTags, adminTagsSource),
            (.savedViews, savedViewsSource),
        ]
        do {
            for (name, source) in sources { try library.register(source, named: name.rawValue) }
        } catch {
            return nil
        }
        return library
    }()

    /// The HTML of fragment `name` for `model` (empty if the fragments did not parse).
    static func render(_ name: Name, _ model: [String: Any]) -> String {
        library?.render(model, withTemplate: name.rawValue) ?? ""
    }
}
