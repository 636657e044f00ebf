/// A plain error page (404, 403, 400, 500) that does not need a signed-in user.
enum ErrorTemplate {
    static let source = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · Switchboard</title>
<link rel="stylesheet" href="{{assets.app_css}}">
<script src="{{assets.theme_js}}"></script>
</head>
<body>
<main class="login-page" id="main">
  <div class="login-card">
    <h1>{{title}}</h1>
    <p>{{message}}</p>
    <p><a href="/inbox">Back to the inbox</a></p>
  </div>
</main>
</body>
</html>
"""#
}
