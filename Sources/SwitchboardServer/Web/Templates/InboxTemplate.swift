/// The inbox: one view of tickets with filters, sort, bulk actions and keyset paging.
/// The list itself is the `inbox_list` partial so live updates can fetch and swap just that part.
enum InboxTemplate {
    static let source = #"""
{{<layout}}
{{$title}}{{view.label}}{{/title}}
{{$scripts}}<script type="module" src="{{assets.inbox_js}}"></script>
<script type="module" src="{{assets.views_js}}"></script>{{/scripts}}
{{$main}}
<h1>{{view.label}} <span class="count" data-count="{{view.key}}">{{view.count}}</span></h1>
<form class="toolbar" method="get" action="{{view.href}}" id="filters" aria-label="Filter and sort">
  <div class="field">
    <label for="filter-priority">Priority</label>
    <select id="filter-priority" name="priority">
      <option value="">Any</option>
      {{#filters.priorities}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/filters.priorities}}
    </select>
  </div>
  <div class="field">
    <label for="filter-tag">Tag</label>
    <input id="filter-tag" name="tag" value="{{filters.tag}}" size="10" placeholder="any">
  </div>
  <div class="field">
    <label for="filter-sort">Sort</label>
    <select id="filter-sort" name="sort">
      {{#filters.sorts}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/filters.sorts}}
    </select>
  </div>
  <button type="submit">Apply</button>
</form>
<form class="bulk" id="bulk" hidden aria-label="Bulk actions">
  <input type="hidden" name="csrf_token" value="{{csrf}}">
  <strong><span id="bulk-count">0</span> selected</strong>
  <label class="visually-hidden" for="bulk-assignee">Assign to</label>
  <select id="bulk-assignee" name="assignee_id">
    <option value="">Assign…</option>
    <option value="none">Unassigned</option>
    {{#agents}}<option value="{{id}}">{{name}}</option>{{/agents}}
  </select>
  <label class="visually-hidden" for="bulk-status">Status</label>
  <select id="bulk-status" name="status">
    <option value="">Status…</option>
    {{#statuses}}<option value="{{value}}">{{label}}</option>{{/statuses}}
  </select>
  <label class="visually-hidden" for="bulk-priority">Priority</label>
  <select id="bulk-priority" name="priority">
    <option value="">Priority…</option>
    {{#priorities}}<option value="{{value}}">{{label}}</option>{{/priorities}}
  </select>
  <label class="visually-hidden" for="bulk-tag">Add tag</label>
  <input id="bulk-tag" name="tag" placeholder="add tag" size="10">
  <button type="submit" class="primary" id="bulk-apply">Apply to selected</button>
  <span class="bulk-merge" id="bulk-merge" hidden>
    <label for="bulk-merge-target">Merge the selected into</label>
    <select id="bulk-merge-target"></select>
    <button type="button" id="bulk-merge-apply">Merge</button>
  </span>
</form>
<div id="inbox-list" data-fragment="{{fragmentURL}}">
{{>inbox_list}}
</div>
{{{savedViewsHTML}}}
{{/main}}
{{/layout}}
"""#

    /// The ticket table and pager, rendered on its own for live refreshes.
    static let listSource = #"""
{{#hasTickets}}
<table class="tickets" id="ticket-table">
  <caption class="visually-hidden">{{view.label}}</caption>
  <thead><tr>
    <th class="select"><input type="checkbox" id="select-all" aria-label="Select all tickets on this page"></th>
    <th>Requester</th><th>Subject</th><th class="hide-phone">Channel</th><th>Status</th><th>Priority</th>
    <th>Assignee</th><th>Updated</th>
  </tr></thead>
  <tbody>
  {{#tickets}}
  <tr data-ticket-id="{{id}}" data-href="/tickets/{{id}}">
    <td class="select"><input type="checkbox" class="row-select" value="{{id}}" aria-label="Select ticket #{{number}}"></td>
    <td><span class="requester">{{requester}}</span>{{#organization}}<span class="org">{{organization}}</span>{{/organization}}</td>
    <td class="subject"><span class="num">#{{number}}</span> <a href="/tickets/{{id}}">{{subject}}</a>
      <span class="preview">{{preview}}</span></td>
    <td class="hide-phone"><span class="channel">{{channel}}</span></td>
    <td class="meta"><span class="badge status-{{status}}">{{statusLabel}}</span></td>
    <td class="meta"><span class="prio-{{priority}}">{{priorityLabel}}</span></td>
    <td class="meta">{{#assignee}}{{assignee}}{{/assignee}}{{^assignee}}<span class="hint">Unassigned</span>{{/assignee}}</td>
    <td class="meta"><time datetime="{{updatedISO}}" title="{{updatedFull}}">{{updatedRelative}}</time></td>
  </tr>
  {{/tickets}}
  </tbody>
</table>
{{/hasTickets}}
{{^hasTickets}}<p class="empty">No tickets in this view.</p>{{/hasTickets}}
<nav class="pager" aria-label="Pages">
  {{#firstPageHref}}<a class="button" href="{{firstPageHref}}">First page</a>{{/firstPageHref}}
  {{#nextPageHref}}<a class="button" href="{{nextPageHref}}" rel="next">Next page</a>{{/nextPageHref}}
</nav>
"""#
}
