/// Full search results (the page behind the search box when JavaScript is off or Enter is pressed).
enum SearchTemplate {
    static let source = #"""
{{<layout}}
{{$title}}Search{{/title}}
{{$main}}
<h1>Search{{#query}}: “{{query}}”{{/query}}</h1>
{{#error}}<div class="alert error" role="alert">{{error}}</div>{{/error}}
{{#hasQuery}}
<ul class="plain panel" id="search-page-results">
  {{#hits}}<li><a href="/tickets/{{id}}"><strong>#{{number}} {{subject}}</strong></a>
    <span class="badge status-{{status}}">{{statusLabel}}</span><br><span class="hint">{{{snippet}}}</span></li>{{/hits}}
  {{^hits}}<li class="hint">No tickets match.</li>{{/hits}}
</ul>
{{/hasQuery}}
{{^hasQuery}}<p class="hint">Type at least two characters in the search box.</p>{{/hasQuery}}
{{/main}}
{{/layout}}
"""#
}
