#!/usr/bin/env python3
"""Real-browser XSS test for the inbound-email HTML sanitiser.

Runs every payload of shared/corpus/xss/*.jsonl through the built CLI
(`<binary> mail sanitize --jsonl`), loads the sanitised output into headless Chromium
(Debian `chromium` + `chromium-driver`, driven by Selenium from PyPI) from a local HTTP
server on 127.0.0.1, interacts with every element, and detects script execution with an
instrumented page. No Content-Security-Policy is used: the point is to prove the sanitiser.

Detection (any of these marks the payload as failed):
  * alert/confirm/prompt/print, console.*, document.write, eval, setTimeout/setInterval,
    window.open, fetch/XHR/sendBeacon/WebSocket/EventSource/new Image() called by page code
    (hooks installed before the payload, inline and through CDP in every new document/frame;
    child frames report to the top page, cross-origin ones by postMessage);
  * a script error on window (only code that ran can throw), a CSP violation event;
  * a clicked link or submitted form whose target is javascript:/vbscript:/data:;
  * any DOM mutation after load, navigation away from the page, a new window;
  * a native dialog that reached the driver (backstop);
  * any network request other than the page itself (performance log), including to external
    hosts, which are unresolvable (host resolver maps everything but 127.0.0.1 to NOTFOUND).
After load the harness dispatches mouse/focus/keyboard/clipboard/drag/animation/load/error
events to every element, calls click() on links and buttons, sets location.hash and waits.

Positive control: a deterministic sample of payloads is run UNSANITISED, one per page, through
the same detector. The run fails if that control detects nothing (a blind detector). The
sanitised versions of every payload that fired raw are re-checked one per page and reported
as the "live in Chromium" set.

Usage:
  scripts/xss-browser-test.py /path/to/switchboard [--corpus-dir DIR] [--batch-size 40]
                                                   [--control-sample 200] [--limit N]
The corpus directory defaults to $SWITCHBOARD_SHARED_DIR/corpus/xss, else
<repo>/../shared/corpus/xss. When it is absent the script prints why and exits 0.
Prints `xss-browser: N passed, M failed` and exits 1 when any sanitised payload executed or
the positive control detected nothing.
"""

import argparse
import glob
import html
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.common.exceptions import (
    NoAlertPresentException,
    TimeoutException,
    UnexpectedAlertPresentException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service

DETECTOR = r"""
(function () {
  if (window.__xssDetector) { return; }
  window.__xssDetector = true;
  var isTop = (window.top === window);
  var hits = [];
  var ready = false;
  function record(kind, detail, frame) {
    hits.push({kind: String(kind), detail: String(detail === undefined ? '' : detail).slice(0, 160),
               frame: String(frame || 'top').slice(0, 80)});
  }
  function report(kind, detail) {
    if (isTop) { record(kind, detail, 'top'); return; }
    var frame = String(location.href);
    try { window.top.__xss_hit(kind, detail, frame); return; } catch (e) {}
    try {
      window.top.postMessage({__xss: {kind: String(kind), detail: String(detail), frame: frame}}, '*');
    } catch (e) {}
  }
  if (isTop) {
    window.__xss_hits = hits;
    window.__xss_hit = function (kind, detail, frame) { record(kind, detail, frame); };
    window.addEventListener('message', function (e) {
      if (e.data && e.data.__xss) { record(e.data.__xss.kind, e.data.__xss.detail, e.data.__xss.frame); }
    });
  } else {
    window.__xss_hit = function (kind, detail) { report(kind, detail); };
  }
  function hook(target, name, kind, result) {
    try {
      Object.defineProperty(target, name, {configurable: true, writable: true,
        value: function (a) { report(kind, a); return result; }});
    } catch (e) {}
  }
  hook(window, 'alert', 'alert'); hook(window, 'confirm', 'confirm', false);
  hook(window, 'prompt', 'prompt', null); hook(window, 'print', 'print');
  hook(window, 'open', 'window.open', null); hook(window, 'eval', 'eval');
  hook(window, 'setTimeout', 'setTimeout', 0); hook(window, 'setInterval', 'setInterval', 0);
  hook(window, 'fetch', 'fetch', Promise.resolve());
  ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'].forEach(function (n) {
    hook(console, n, 'console.' + n);
  });
  hook(Document.prototype, 'write', 'document.write'); hook(Document.prototype, 'writeln', 'document.writeln');
  hook(XMLHttpRequest.prototype, 'open', 'xhr');
  if (navigator.sendBeacon) { hook(Navigator.prototype, 'sendBeacon', 'sendBeacon', true); }
  try {
    window.WebSocket = function (u) { report('WebSocket', u); };
    window.EventSource = function (u) { report('EventSource', u); };
    var RealImage = window.Image;
    window.Image = function (w, h) { report('new Image', ''); return new RealImage(w, h); };
  } catch (e) {}
  window.addEventListener('error', function (e) {
    if (e instanceof ErrorEvent) { report('script-error', e.message); }
  });
  window.addEventListener('securitypolicyviolation', function (e) { report('csp-violation', e.violatedDirective); });
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[href], area[href]') : null;
    if (!a) { return; }
    var protocol = String(a.protocol || '').toLowerCase();
    if (protocol === 'javascript:' || protocol === 'vbscript:' || protocol === 'data:') {
      report('link-' + protocol, a.getAttribute('href'));
    } else {
      e.preventDefault();
    }
  }, true);
  document.addEventListener('submit', function (e) {
    report('form-submit', e.target && e.target.getAttribute ? e.target.getAttribute('action') : '');
    e.preventDefault();
  }, true);
  function observe() {
    if (ready) { return; }
    ready = true;
    new MutationObserver(function (mutations) {
      mutations.forEach(function (m) {
        if (m.type === 'childList' && (m.addedNodes.length || m.removedNodes.length)) {
          report('dom-mutation', m.target.nodeName);
        } else if (m.type === 'attributes') {
          report('attribute-mutation', m.attributeName);
        }
      });
    }).observe(document, {childList: true, subtree: true, attributes: true});
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', observe);
  } else {
    observe();
  }
})();
"""

INTERACT = r"""
var hits = window.__xss_hits || [];
var events = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'mouseout', 'mouseleave',
  'dblclick', 'contextmenu', 'auxclick', 'pointerover', 'pointerenter', 'pointerdown', 'pointerup',
  'focus', 'focusin', 'blur', 'focusout', 'keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'change',
  'select', 'copy', 'cut', 'paste', 'drag', 'dragstart', 'dragend', 'dragenter', 'dragover', 'dragleave',
  'drop', 'wheel', 'scroll', 'touchstart', 'touchend', 'toggle', 'animationstart', 'animationend',
  'animationiteration', 'transitionend', 'transitionstart', 'load', 'error', 'beforeprint', 'afterprint',
  'hashchange', 'pageshow', 'resize', 'search', 'invalid', 'reset', 'show', 'begin', 'end', 'repeat'];
var elements = Array.prototype.slice.call(document.querySelectorAll('body, body *'), 0, 20000);
elements.forEach(function (el) {
  events.forEach(function (type) {
    try { el.dispatchEvent(new Event(type, {bubbles: false, cancelable: true})); } catch (e) {}
  });
  try { el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true})); } catch (e) {}
  try { if (el.focus) { el.focus(); } } catch (e) {}
});
[window].forEach(function (w) {
  ['load', 'pageshow', 'hashchange', 'resize', 'scroll', 'focus', 'blur', 'message', 'beforeprint'].forEach(
    function (type) { try { w.dispatchEvent(new Event(type)); } catch (e) {} });
});
Array.prototype.forEach.call(document.querySelectorAll('a, area, button, input, summary, label'), function (el) {
  try { el.click(); } catch (e) {}
});
try { window.scrollTo(0, document.body ? document.body.scrollHeight : 0); } catch (e) {}
try { location.hash = 'x'; } catch (e) {}
return hits.length;
"""

READ_HITS = "return JSON.stringify(window.__xss_hits || null);"


class PageServer:
    """Serves in-memory pages on 127.0.0.1 and logs every request it gets."""

    def __init__(self):
        self.pages = {}
        self.requests = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server API)
                with server.lock:
                    server.requests.append(self.path)
                    body = server.pages.get(self.path.split("#")[0])
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_GET  # noqa: N815 (form submissions are logged too)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def page_html(boxes):
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><script>', DETECTOR,
             '</script><title>xss-browser</title></head><body>']
    for payload_id, markup in boxes:
        parts.append('<div class="xss-box" data-id="%s">%s</div>' % (html.escape(payload_id, quote=True), markup))
    parts.append("</body></html>")
    return "".join(parts)


class Browser:
    def __init__(self, chromium, chromedriver):
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-first-run", "--disable-extensions", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--mute-audio",
                         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                         "--window-size=1280,2000"]:
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        options.set_capability("unhandledPromptBehavior", "ignore")
        options.page_load_strategy = "normal"
        self.driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
        self.driver.set_page_load_timeout(15)
        self.driver.set_script_timeout(15)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DETECTOR})
        self.main_handle = self.driver.current_window_handle

    def close(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    def _dismiss_dialogs(self, hits):
        for _ in range(50):
            try:
                alert = self.driver.switch_to.alert
                hits.append({"kind": "native-dialog", "detail": (alert.text or "")[:160], "frame": "driver"})
                alert.accept()
            except NoAlertPresentException:
                return
            except WebDriverException:
                return

    def _run(self, hits, script):
        for _ in range(5):
            try:
                return self.driver.execute_script(script)
            except UnexpectedAlertPresentException:
                self._dismiss_dialogs(hits)
            except WebDriverException as error:
                hits.append({"kind": "driver-error", "detail": str(error).splitlines()[0][:160], "frame": "driver"})
                return None
        return None

    def check(self, url, settle):
        """Loads url, interacts, and returns the list of detections."""
        hits = []
        self.driver.get_log("performance")  # drop entries of earlier pages
        try:
            self.driver.get(url)
        except UnexpectedAlertPresentException:
            self._dismiss_dialogs(hits)
        except TimeoutException:
            hits.append({"kind": "load-timeout", "detail": url, "frame": "driver"})
        self._dismiss_dialogs(hits)
        self._run(hits, INTERACT)
        time.sleep(settle)
        self._dismiss_dialogs(hits)
        raw = self._run(hits, READ_HITS)
        page_hits = json.loads(raw) if raw else None
        if page_hits is None:
            hits.append({"kind": "detector-missing", "detail": "page replaced or navigated", "frame": "top"})
        else:
            hits.extend(page_hits)
        try:
            current = self.driver.current_url.split("#")[0]
            if current != url:
                hits.append({"kind": "navigated", "detail": current[:160], "frame": "top"})
        except UnexpectedAlertPresentException:
            self._dismiss_dialogs(hits)
        hits.extend(self._network_hits(url))
        self._close_extra_windows(hits)
        return hits

    def _network_hits(self, url):
        found = []
        try:
            entries = self.driver.get_log("performance")
        except WebDriverException:
            return found
        for entry in entries:
            try:
                message = json.loads(entry["message"])["message"]
            except (KeyError, ValueError):
                continue
            if message.get("method") != "Network.requestWillBeSent":
                continue
            request_url = message["params"]["request"]["url"]
            base = request_url.split("#")[0]
            if base == url or base.endswith("/favicon.ico"):
                continue
            found.append({"kind": "network", "detail": request_url[:160], "frame": "driver"})
        return found

    def _close_extra_windows(self, hits):
        try:
            handles = self.driver.window_handles
        except WebDriverException:
            return
        for handle in handles:
            if handle == self.main_handle:
                continue
            hits.append({"kind": "new-window", "detail": handle, "frame": "driver"})
            try:
                self.driver.switch_to.window(handle)
                self.driver.close()
            except WebDriverException:
                pass
        try:
            self.driver.switch_to.window(self.main_handle)
        except WebDriverException:
            pass


def default_corpus_dir():
    shared = os.environ.get("SWITCHBOARD_SHARED_DIR")
    if shared:
        return os.path.join(shared, "corpus", "xss")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(os.path.dirname(repo), "shared", "corpus", "xss")


def load_payloads(directory):
    payloads = []
    for path in sorted(glob.glob(os.path.join(directory, "*.jsonl"))):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    item = json.loads(line)
                    payloads.append((item["id"], item["payload"]))
    return payloads


def sanitize_all(binary, payloads):
    lines = "".join(json.dumps({"id": pid, "payload": body}) + "\n" for pid, body in payloads)
    result = subprocess.run([binary, "mail", "sanitize", "--jsonl"], input=lines.encode("utf-8"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, timeout=600)
    if result.returncode != 0:
        sys.stderr.write(result.stderr.decode("utf-8", "replace"))
        raise SystemExit("xss-browser: `%s mail sanitize --jsonl` exited with %d" % (binary, result.returncode))
    outputs = {}
    for line in result.stdout.decode("utf-8").splitlines():
        item = json.loads(line)
        outputs[item["id"]] = item["html"]
    missing = [pid for pid, _ in payloads if pid not in outputs]
    if missing:
        raise SystemExit("xss-browser: sanitiser returned no output for %d payloads, e.g. %s"
                         % (len(missing), missing[:5]))
    return outputs


# Detections that prove page code ran (used to decide which raw control payloads are "live").
SCRIPT_KINDS_PREFIXES = ("alert", "confirm", "prompt", "print", "window.open", "eval", "setTimeout",
                         "setInterval", "fetch", "console.", "document.write", "xhr", "sendBeacon", "WebSocket",
                         "EventSource", "new Image", "script-error", "link-", "native-dialog", "form-submit")


def executed(hits):
    return [h for h in hits if h["kind"].startswith(SCRIPT_KINDS_PREFIXES)]


def describe(hits):
    kinds = sorted({h["kind"] for h in hits})
    detail = hits[0]["detail"][:80].replace("\r", "\\r").replace("\n", "\\n") if hits else ""
    return ", ".join(kinds) + (": " + detail if hits else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", help="the switchboard CLI (runs `<binary> mail sanitize --jsonl`)")
    parser.add_argument("--corpus-dir", default=default_corpus_dir())
    parser.add_argument("--batch-size", type=int, default=40, help="sanitised payloads per page")
    parser.add_argument("--control-sample", type=int, default=200, help="raw payloads run as positive control")
    parser.add_argument("--limit", type=int, default=0, help="only the first N payloads (development)")
    parser.add_argument("--settle", type=float, default=0.3, help="seconds to wait after interacting")
    parser.add_argument("--verbose", action="store_true", help="print every control payload's result")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    args = parser.parse_args()

    payloads = load_payloads(args.corpus_dir) if os.path.isdir(args.corpus_dir) else []
    if not payloads:
        print("xss-browser: skipped: no *.jsonl corpus in %s (set SWITCHBOARD_SHARED_DIR)" % args.corpus_dir)
        return 0
    if args.limit:
        payloads = payloads[: args.limit]
    started = time.time()
    sanitised = sanitize_all(args.binary, payloads)
    print("xss-browser: %d payloads sanitised by %s" % (len(payloads), args.binary), flush=True)

    server = PageServer()
    try:
        browser = Browser(args.chromium, args.chromedriver)
    except WebDriverException as error:
        server.close()
        print("xss-browser: cannot start %s with %s (install Debian's chromium and chromium-driver): %s"
              % (args.chromium, args.chromedriver, str(error).splitlines()[0]))
        return 2
    base = "http://127.0.0.1:%d" % server.port
    page_number = [0]

    def run_page(boxes, settle):
        page_number[0] += 1
        path = "/page/%d" % page_number[0]
        server.pages[path] = page_html(boxes)
        hits = browser.check(base + path, settle)
        del server.pages[path]
        return hits

    failed = {}
    blind = []
    live = []
    try:
        # 1. Positive control: raw payloads, one per page.
        count = min(args.control_sample, len(payloads))
        step = max(1, len(payloads) // count) if count else 1
        control = payloads[::step][:count]
        detected = 0
        for pid, body in control:
            hits = run_page([(pid, body)], args.settle)
            detected += 1 if hits else 0
            if args.verbose:
                print("  control %s: %s | %r" % (pid, describe(hits) or "-", body[:100]))
            if executed(hits):
                live.append((pid, executed(hits)))
        print("xss-browser: positive control: %d of %d raw payloads executed script in Chromium "
              "(%d with any detection)" % (len(live), len(control), detected), flush=True)
        for pid, hits in live[:10]:
            print("  control %s: %s" % (pid, describe(hits)))

        # 1b. Canary: a batch page built like the sanitised ones, with executable markup hidden in the middle,
        # must be detected, or batching would hide executions.
        canaries = [
            ("canary-onerror", '<img src="/canary-missing.png" onerror="alert(\'canary\')">'),
            ("canary-js-link", '<a href="javascript:void(0)">canary</a>'),
        ]
        for name, markup in canaries:
            boxes = [(pid, sanitised[pid]) for pid, _ in payloads[: args.batch_size // 2]]
            boxes.append((name, markup))
            boxes.extend((pid, sanitised[pid]) for pid, _ in payloads[args.batch_size // 2: args.batch_size])
            canary_hits = run_page(boxes, args.settle)
            print("xss-browser: batch canary %s: %s" % (name, describe(canary_hits) or "NOT DETECTED"), flush=True)
            if not executed(canary_hits):
                blind.append(name)

        # 2. Sanitised payloads in batches; a batch with detections is re-run one payload per page.
        for start in range(0, len(payloads), args.batch_size):
            batch = payloads[start:start + args.batch_size]
            hits = run_page([(pid, sanitised[pid]) for pid, _ in batch], args.settle)
            if not hits:
                continue
            print("  batch %d: %s; re-running one per page" % (start // args.batch_size, describe(hits)), flush=True)
            single_failures = 0
            for pid, _ in batch:
                single = run_page([(pid, sanitised[pid])], args.settle)
                if single:
                    failed[pid] = single
                    single_failures += 1
            if single_failures == 0:
                for pid, _ in batch:
                    failed[pid] = hits

        # 3. The live set, sanitised, one per page.
        live_failed = 0
        for pid, _ in live:
            hits = run_page([(pid, sanitised[pid])], args.settle)
            if hits:
                failed[pid] = hits
                live_failed += 1
        print("xss-browser: live-in-Chromium set: %d payloads fired raw, %d fired after sanitising"
              % (len(live), live_failed), flush=True)
    finally:
        browser.close()
        server.close()

    for pid in sorted(failed):
        print("FAILED %s: %s" % (pid, describe(failed[pid])))
    passed = len(payloads) - len(failed)
    print("xss-browser: %d pages, %.0f s" % (page_number[0], time.time() - started))
    print("xss-browser: %d passed, %d failed" % (passed, len(failed)))
    if not live:
        print("xss-browser: positive control detected nothing: the detector is blind, failing the run")
        return 1
    if blind:
        print("xss-browser: batch canaries not detected (%s): the batch detector is blind, failing the run"
              % ", ".join(blind))
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
