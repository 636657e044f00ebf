/// The ticket page: the timeline and composer, the properties side panel (status, priority, type, assignee,
/// team, tags, merge, history) and the customer beside the conversation.
enum TicketTemplate {
    static let source = #"""
{{<layout}}
{{$title}}#{{ticket.number}} {{ticket.subject}}{{/title}}
{{$scripts}}<script type="module" src="{{assets.ticket_js}}"></script>
<script type="module" src="{{assets.fields_js}}"></script>
<script type="module" src="{{assets.macro_js}}"></script>{{/scripts}}
{{$main}}
<div class="ticket-head">
  <h1 id="ticket-subject"><span class="num">#{{ticket.number}}</span> {{ticket.subject}}</h1>
  <span class="badge status-{{ticket.status}}" id="ticket-status-badge">{{ticket.statusLabel}}</span>
  <span class="prio-{{ticket.priority}}">{{ticket.priorityLabel}}</span>
  <span class="channel">via {{ticket.channel}}</span>
  {{#ticket.mergedIntoID}}<span class="alert info">Merged into <a href="/tickets/{{ticket.mergedIntoID}}">another ticket</a></span>{{/ticket.mergedIntoID}}
</div>
<div class="ticket-layout" id="ticket" data-ticket-id="{{ticket.id}}" data-last-message-id="{{lastMessageID}}"
  data-fragment="/tickets/{{ticket.id}}/timeline">
  <section aria-label="Conversation">
    <ol class="timeline" id="timeline">
      {{>timeline}}
    </ol>
    <p class="presence" id="presence" aria-live="polite"></p>
    <form class="composer mode-{{composer.mode}}" id="composer" novalidate data-ticket-id="{{ticket.id}}"
      data-can-reply="{{composer.canReply}}" aria-label="Reply or add a note">
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <div class="tabs" role="group" aria-label="Message kind">
        <button type="button" id="mode-reply" data-mode="reply" aria-pressed="{{composer.replyPressed}}"
          {{^composer.canReply}}disabled{{/composer.canReply}}>Public reply</button>
        <button type="button" id="mode-note" data-mode="note" aria-pressed="{{composer.notePressed}}">Internal note</button>
      </div>
      {{{macroPicker}}}
      <label for="composer-body" class="visually-hidden">Message</label>
      <textarea id="composer-body" name="body" placeholder="Write a reply… (r reply, n note)" required></textarea>
      <div class="alert error" id="composer-error" role="alert" hidden></div>
      <div class="alert info meanwhile" id="meanwhile" role="alert" hidden>
        <span id="meanwhile-text">Someone else replied while you were writing.</span>
        <button type="button" id="send-anyway">Send anyway</button>
        <button type="button" id="meanwhile-review">Review first</button>
      </div>
      <div class="actions">
        <label for="composer-status" class="visually-hidden">Status after sending</label>
        <select id="composer-status" name="status">
          <option value="">Keep status</option>
          <option value="open">Submit as open</option>
          <option value="pending">Submit as pending</option>
          <option value="solved">Submit as solved</option>
        </select>
        <button type="submit" class="primary" id="composer-send">Send</button>
        <span class="hint" id="draft-state" aria-live="polite"></span>
      </div>
    </form>
  </section>

  <aside aria-label="Ticket properties">
    <form class="panel" id="ticket-props" novalidate data-ticket-id="{{ticket.id}}">
      <h2>Properties</h2>
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <div class="field"><label for="prop-status">Status</label>
        <select id="prop-status" name="status">{{#options.statuses}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/options.statuses}}</select></div>
      <div class="field"><label for="prop-priority">Priority</label>
        <select id="prop-priority" name="priority">{{#options.priorities}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/options.priorities}}</select></div>
      <div class="field"><label for="prop-type">Type</label>
        <select id="prop-type" name="type"><option value="">—</option>{{#options.types}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/options.types}}</select></div>
      <div class="field"><label for="prop-assignee">Assignee</label>
        <select id="prop-assignee" name="assignee_id"><option value="">Unassigned</option>{{#options.agents}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/options.agents}}</select></div>
      <div class="field"><label for="prop-team">Team</label>
        <select id="prop-team" name="team_id"><option value="">No team</option>{{#options.teams}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/options.teams}}</select></div>
      <div class="field"><label for="prop-tags">Tags</label>
        <input id="prop-tags" name="tags" value="{{ticket.tagsText}}" aria-describedby="tags-hint">
        <span class="hint" id="tags-hint">Comma-separated</span></div>
      <div class="alert error" id="props-error" role="alert" hidden></div>
      <div class="actions">
        <button type="submit" class="primary" id="props-save">Save</button>
        <button type="button" id="assign-me" data-user-id="{{user.id}}">Assign to me</button>
        <button type="button" id="solve">Solve</button>
      </div>
    </form>
    {{#hasCustomFieldInputs}}
    <form class="panel" id="custom-fields-form" novalidate data-ticket-id="{{ticket.id}}">
      <h2>Custom fields</h2>
      {{#customFieldInputs}}
      <div class="field">
        {{#isCheckbox}}<label><input type="checkbox" id="{{inputID}}" data-field-key="{{key}}" data-field-type="{{type}}"
          data-field-label="{{label}}" {{#checked}}checked{{/checked}}> {{label}}{{#required}} *{{/required}}</label>{{/isCheckbox}}
        {{^isCheckbox}}<label for="{{inputID}}">{{label}}{{#required}} <span class="hint">(required to solve)</span>{{/required}}</label>{{/isCheckbox}}
        {{#isText}}<input id="{{inputID}}" data-field-key="{{key}}" data-field-type="{{type}}" data-field-label="{{label}}" value="{{value}}" maxlength="10000">{{/isText}}
        {{#isNumber}}<input id="{{inputID}}" type="number" step="any" data-field-key="{{key}}" data-field-type="{{type}}" data-field-label="{{label}}" value="{{value}}">{{/isNumber}}
        {{#isDate}}<input id="{{inputID}}" type="date" data-field-key="{{key}}" data-field-type="{{type}}" data-field-label="{{label}}" value="{{value}}">{{/isDate}}
        {{#isDropdown}}<select id="{{inputID}}" data-field-key="{{key}}" data-field-type="{{type}}" data-field-label="{{label}}">
          <option value="">—</option>{{#options}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{value}}</option>{{/options}}</select>{{/isDropdown}}
      </div>
      {{/customFieldInputs}}
      <div class="alert error" id="custom-fields-error" role="alert" hidden></div>
      <button type="submit" class="primary" id="custom-fields-save">Save fields</button>
    </form>
    {{/hasCustomFieldInputs}}
    <form class="panel" id="merge-form" novalidate data-ticket-id="{{ticket.id}}">
      <h2>Merge</h2>
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <div class="field"><label for="merge-number">Merge this ticket into ticket number</label>
        <input id="merge-number" name="number" inputmode="numeric" pattern="[0-9]*" placeholder="e.g. 1042"></div>
      <div class="alert error" id="merge-error" role="alert" hidden></div>
      <button type="submit" id="merge-submit">Merge</button>
    </form>
    <section class="panel">
      <h2>Details</h2>
      <dl class="props">
        <dt>Created</dt><dd><time datetime="{{ticket.createdISO}}">{{ticket.createdFull}}</time></dd>
        <dt>Updated</dt><dd><time datetime="{{ticket.updatedISO}}">{{ticket.updatedFull}}</time></dd>
        {{#ticket.firstResponse}}<dt>First reply</dt><dd>{{ticket.firstResponse}}</dd>{{/ticket.firstResponse}}
        <dt>Messages</dt><dd>{{ticket.messageCount}}</dd>
        {{#ticket.reopenCount}}<dt>Reopened</dt><dd>{{ticket.reopenCount}}×</dd>{{/ticket.reopenCount}}
        {{#customFields}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/customFields}}
      </dl>
    </section>
    <details class="panel" id="history" {{#historyOpen}}open{{/historyOpen}}>
      <summary>History</summary>
      <ul class="plain history">
        {{#events}}<li><time datetime="{{iso}}">{{time}}</time> — {{actor}}: {{summary}}</li>{{/events}}
        {{^events}}<li>No events yet.</li>{{/events}}
      </ul>
      {{#olderEvents}}<p class="hint"><a href="/tickets/{{ticket.id}}?history=all#history">Show all {{total}} events</a>
        ({{count}} older not shown)</p>{{/olderEvents}}
    </details>
  </aside>

  <aside class="customer" aria-label="Customer">
    {{>customer_panel}}
  </aside>
</div>
{{/main}}
{{/layout}}
"""#

    /// The timeline entries, also served alone for live refreshes.
    static let timelineSource = #"""
{{#messages}}
<li class="entry {{kind}}" id="message-{{id}}" data-message-id="{{id}}" data-author-kind="{{authorKind}}" data-author-id="{{authorID}}">
  {{#isActivity}}<span>{{text}} · <time datetime="{{iso}}">{{time}}</time></span>{{/isActivity}}
  {{^isActivity}}
  <header><span class="kind">{{kindLabel}}</span> <strong>{{author}}</strong>
    <time datetime="{{iso}}" title="{{timeFull}}">{{time}}</time>
    {{#channel}}<span class="channel">via {{channel}}</span>{{/channel}}
    {{#deliveryFailed}}<span class="delivery-failed">Delivery failed{{#deliveryError}}: {{deliveryError}}{{/deliveryError}}</span>{{/deliveryFailed}}
  </header>
  <div class="body">{{#html}}{{{html}}}{{/html}}{{^html}}<pre class="text">{{text}}</pre>{{/html}}</div>
  {{#hasAttachments}}
  <ul class="attachments" aria-label="Attachments">
    {{#attachments}}<li class="attachment" data-attachment-id="{{id}}">{{#isImage}}<a href="{{url}}" class="preview" target="_blank" rel="noopener">
      <img src="{{url}}" alt="{{filename}}" loading="lazy" decoding="async" width="160" class="thumb"></a>{{/isImage}}
      <svg class="icon" aria-hidden="true" viewBox="0 0 24 24"><path d="M21 12.5 12.5 21a5 5 0 0 1-7-7L14 5.5a3.3 3.3 0 0 1 4.7 4.7L10.2 18.7a1.7 1.7 0 0 1-2.4-2.4L15.5 8.6"/></svg>
      <a href="{{url}}" download="{{filename}}">{{filename}}</a> <span class="hint">({{size}})</span></li>{{/attachments}}
  </ul>
  {{/hasAttachments}}
  {{/isActivity}}
</li>
{{/messages}}
"""#

    /// The customer beside the conversation.
    static let customerSource = #"""
<section class="panel" id="customer-panel">
  <h2>Customer</h2>
  <p><a href="/contacts/{{contact.id}}" id="customer-link"><strong>{{contact.name}}</strong></a></p>
  <ul class="plain">
    {{#contact.identities}}<li><span class="hint">{{kind}}</span> {{value}}{{#undeliverable}} <span class="delivery-failed">(undeliverable)</span>{{/undeliverable}}</li>{{/contact.identities}}
  </ul>
  {{#organization}}<p><strong>{{organization.name}}</strong> <span class="badge status-on_hold">{{organization.tier}}</span></p>{{/organization}}
  {{#contact.notes}}<h3 class="hint">Notes</h3><p class="notes">{{contact.notes}}</p>{{/contact.notes}}
  <p><a href="/contacts/{{contact.id}}">Edit contact</a></p>
</section>
<section class="panel">
  <h2>Previous tickets</h2>
  <ul class="plain" id="previous-tickets">
    {{#previousTickets}}<li><a href="/tickets/{{id}}">#{{number}} {{subject}}</a> <span class="badge status-{{status}}">{{statusLabel}}</span></li>{{/previousTickets}}
    {{^previousTickets}}<li class="hint">No other tickets.</li>{{/previousTickets}}
  </ul>
</section>
"""#
}
