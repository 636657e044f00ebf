/// The customer page: details, identities, organization, notes (editable), every ticket of the contact, the
/// contact's history (created, edited, merged) and merging another contact into this one.
enum ContactTemplate {
    static let source = #"""
{{<layout}}
{{$title}}{{contact.name}}{{/title}}
{{$scripts}}<script type="module" src="{{assets.admin_js}}"></script>
<script type="module" src="{{assets.contact_js}}"></script>{{/scripts}}
{{$main}}
<h1 id="contact-name">{{contact.name}}</h1>
<div class="ticket-layout">
  <section>
    <div class="panel">
      <h2>Tickets</h2>
      <ul class="plain" id="contact-tickets">
        {{#contactTickets}}<li><a href="/tickets/{{id}}">#{{number}} {{subject}}</a>
          <span class="badge status-{{status}}">{{statusLabel}}</span> <span class="hint">{{channel}} · {{updated}}</span></li>{{/contactTickets}}
        {{^contactTickets}}<li class="hint">No tickets yet.</li>{{/contactTickets}}
      </ul>
    </div>
    <section class="panel" id="contact-history">
      <h2>History</h2>
      <ul class="plain history">
        {{#contactEvents}}<li><time datetime="{{iso}}">{{time}}</time> — {{actor}}: {{summary}}</li>{{/contactEvents}}
        {{^contactEvents}}<li class="hint">No changes recorded yet.</li>{{/contactEvents}}
      </ul>
    </section>
  </section>
  <aside>
    <form class="panel" id="contact-form" novalidate data-api-method="PATCH" data-api-url="/api/v1/contacts/{{contact.id}}"
      data-success="Contact saved." data-reload="true">
      <h2>Edit contact</h2>
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <div class="field"><label for="contact-name-input">Name</label>
        <input id="contact-name-input" name="name" value="{{contact.name}}" required maxlength="255"></div>
      <div class="field"><label for="contact-org">Organization</label>
        <select id="contact-org" name="organization_id" data-type="int-or-null">
          <option value="">None</option>
          {{#organizations}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/organizations}}
        </select></div>
      <div class="field"><label for="contact-notes">Notes</label>
        <textarea id="contact-notes" name="notes" data-send-empty="true">{{contact.notes}}</textarea></div>
      <div class="alert error" data-error role="alert" hidden></div>
      <div class="alert ok" data-result role="status" hidden></div>
      <button type="submit" class="primary">Save contact</button>
    </form>
    <form class="panel" id="merge-contact-form" novalidate data-contact-id="{{contact.id}}" role="search">
      <h2>Merge another contact into this one</h2>
      <div class="field"><label for="merge-contact-query">Find the other contact (name, email or phone)</label>
        <input id="merge-contact-query" name="q" type="search" maxlength="255" autocomplete="off"></div>
      <button type="submit" id="merge-contact-search">Search</button>
      <ul class="plain" id="merge-contact-results" aria-label="Matching contacts"></ul>
      <div class="alert info" id="merge-contact-confirm" role="alertdialog" aria-labelledby="merge-contact-confirm-text" hidden>
        <p id="merge-contact-confirm-text"></p>
        <button type="button" class="danger" id="merge-contact-confirm-button">Merge</button>
        <button type="button" id="merge-contact-cancel">Cancel</button>
      </div>
      <div class="alert error" id="merge-contact-error" role="alert" hidden></div>
    </form>
  </aside>
  <aside class="customer">
    <section class="panel">
      <h2>Identities</h2>
      <ul class="plain" id="identities">
        {{#contact.identities}}<li><span class="hint">{{kind}}</span> {{value}}{{#undeliverable}} <span class="delivery-failed">(undeliverable)</span>{{/undeliverable}}</li>{{/contact.identities}}
        {{^contact.identities}}<li class="hint">No identities.</li>{{/contact.identities}}
      </ul>
    </section>
    {{#organization}}
    <section class="panel"><h2>Organization</h2>
      <p><strong>{{organization.name}}</strong> <span class="badge status-on_hold">{{organization.tier}}</span></p>
      {{#organization.domains}}<p class="hint">{{organization.domains}}</p>{{/organization.domains}}
    </section>
    {{/organization}}
  </aside>
</div>
{{/main}}
{{/layout}}
"""#
}
