/// "My macros" (`/macros`): the macros an agent can use, with the form to save personal ones. The list and the
/// form are the Admin → Macros fragment; for agents who are not admins it offers only the "Only me" visibility.
enum MyMacrosTemplate {
    static let source = #"""
{{<layout}}
{{$title}}My macros{{/title}}
{{$scripts}}<script type="module" src="{{assets.macro_admin_js}}"></script>{{/scripts}}
{{$main}}
<h1>My macros</h1>
<p class="hint">Macros you save here as “Only me” are yours alone: nobody else sees or uses them.
{{^user.isAdmin}}Macros for everyone or a team are managed by admins.{{/user.isAdmin}}</p>
{{{adminMacrosHTML}}}
{{/main}}
{{/layout}}
"""#
}
