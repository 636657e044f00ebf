/// The set-password page opened from an invitation link: the user's name and email, and the new password twice.
enum SetPasswordTemplate {
    static let source = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Choose your password · Switchboard</title>
<link rel="icon" href="{{assets.icon_svg}}" type="image/svg+xml">
<link rel="stylesheet" href="{{assets.app_css}}">
<script src="{{assets.theme_js}}"></script>
</head>
<body>
<main class="login-page" id="main">
  <div class="login-card">
    <h1><img src="{{assets.icon_svg}}" alt="" width="28" height="28"> Choose your password</h1>
    {{#error}}<div class="alert error" role="alert" id="set-password-error">{{error}}</div>{{/error}}
    {{#done}}<div class="alert ok" role="status" id="set-password-done">Your password is set.</div>
    <p><a href="/login" class="button primary" id="to-login">Sign in</a></p>{{/done}}
    {{#form}}
    <p>Welcome, <strong>{{name}}</strong> ({{email}}).</p>
    <form method="post" action="/set-password" novalidate id="set-password-form">
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <input type="hidden" name="token" value="{{token}}">
      <div class="field">
        <label for="password">New password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{{minimum}}"
          aria-describedby="password-hint" autofocus>
        <span class="hint" id="password-hint">At least {{minimum}} characters.</span>
      </div>
      <div class="field">
        <label for="password-confirm">Repeat the password</label>
        <input id="password-confirm" name="password_confirm" type="password" autocomplete="new-password" required>
      </div>
      <button type="submit" class="primary" id="set-password-submit">Set password</button>
    </form>
    {{/form}}
  </div>
</main>
</body>
</html>
"""#
}
