/// The sign-in page: email and password posted as a form with the login CSRF token.
enum LoginTemplate {
    static let source = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Sign in · Switchboard</title>
<link rel="icon" href="{{assets.icon_svg}}" type="image/svg+xml">
<link rel="stylesheet" href="{{assets.app_css}}">
<script src="{{assets.theme_js}}"></script>
</head>
<body>
<main class="login-page" id="main">
  <div class="login-card">
    <h1><img src="{{assets.icon_svg}}" alt="" width="28" height="28"> Sign in to Switchboard</h1>
    {{#error}}<div class="alert error" role="alert" id="login-error">{{error}}</div>{{/error}}
    {{#notice}}<div class="alert ok" role="status">{{notice}}</div>{{/notice}}
    <form method="post" action="/login" novalidate>
      <input type="hidden" name="csrf_token" value="{{csrf}}">
      <input type="hidden" name="next" value="{{next}}">
      <div class="field">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="{{email}}"
          {{^email}}autofocus{{/email}} {{#error}}aria-describedby="login-error" aria-invalid="true"{{/error}}>
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required
          {{#email}}autofocus{{/email}}>
      </div>
      <button type="submit" class="primary" id="login-submit">Sign in</button>
    </form>
    <div class="theme-row">
      <button type="button" id="theme-toggle" aria-label="Switch colour theme">
        <svg class="icon" aria-hidden="true" viewBox="0 0 24 24"><path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z"/></svg>
        <span class="theme-label">Theme</span>
      </button>
    </div>
  </div>
</main>
</body>
</html>
"""#
}
