/// The customer page: details, identities, organization, notes (editable) and every ticket of the contact.
enum ContactTemplate {
    static let source = #"""
{{<layout}}
{{$title}}{{contact.name}}{{/title}}
{{$scripts}}<script type="module" src="{{assets.admin_js}}"></script>{{/scripts}}
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
