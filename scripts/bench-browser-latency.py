#!/usr/bin/env python3
"""Measures, in a real headless Chromium, how long a new message takes to appear on a watching ticket page.

Starts the given `switchboard` binary on a free 127.0.0.1 port (on --database-url, e.g. a database kept by
`switchboard bench --keep`, or on a fresh SQLite file), adds a user to the database's only account
(`switchboard admin create`) with an API token (`switchboard token create`), creates a ticket with a
--thread-messages long thread through the API, signs in, opens the ticket page and waits until its live
connection is open. Then, --samples times: the page itself sends `POST /api/v1/tickets/{id}/replies` (even samples)
or `/notes` (odd) with the API token via fetch() (no cookie, so none of the page's own composer logic runs), and a
MutationObserver on the timeline notes when the entry with the new message id is added to the DOM. Both instants
come from the page's performance.now(), so the figure is what an agent watching the ticket sees: commit, event
over the WebSocket, the page's fetch of the entry, and its insertion.

Reported: p50/p95/max of POST sent -> entry in DOM and of POST answered -> entry in DOM, in ms; with --json the
samples too. A timing benchmark, never a test: nothing is asserted except that every entry appears.

Needs: Debian `chromium` and `chromium-driver`, PyPI `selenium`.
Usage: scripts/bench-browser-latency.py --binary .build/release/switchboard [--database-url URL] [--samples 30]
"""

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_harness import Server, free_port, make_chrome  # noqa: E402 - needs the path above

EMAIL = "browser-bench@example.com"
PASSWORD = "browser-bench-1234"
WINDOW = (1280, 800)

OBSERVER = """
const timeline = document.getElementById('timeline');
window.sbArrivals = {};
new MutationObserver((records) => {
  const now = performance.now();
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.nodeType === 1 && node.dataset && node.dataset.messageId && !(node.dataset.messageId in window.sbArrivals)) {
        window.sbArrivals[node.dataset.messageId] = now;
      }
    }
  }
}).observe(timeline, { childList: true });
"""

SAMPLE = """
const [path, token, body, done] = [arguments[0], arguments[1], arguments[2], arguments[arguments.length - 1]];
const sent = performance.now();
fetch(path, {
  method: 'POST', credentials: 'omit',
  headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json', 'Accept': 'application/json' },
  body: JSON.stringify({ body })
}).then(async (response) => {
  const answered = performance.now();
  const message = await response.json();
  if (response.status !== 201) { done({ error: 'POST ' + response.status + ' ' + JSON.stringify(message) }); return; }
  const id = String(message.id);
  const started = performance.now();
  (function check() {
    if (id in window.sbArrivals) { done({ id, sent, answered, shown: window.sbArrivals[id] }); return; }
    if (performance.now() - started > 10000) { done({ error: 'entry ' + id + ' did not appear within 10 s' }); return; }
    setTimeout(check, 1);
  })();
}).catch((error) => done({ error: String(error) }));
"""


def percentile(values, fraction):
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values):
    return {"count": len(values), "p50_ms": round(percentile(values, 0.5), 2),
            "p95_ms": round(percentile(values, 0.95), 2), "max_ms": round(max(values), 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary data directory")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--thread-messages", type=int, default=200, help="messages on the watched ticket")
    parser.add_argument("--pause", type=float, default=0.3, help="seconds between samples")
    parser.add_argument("--json", help="write the figures and samples to this file")
    parser.add_argument("--label", default="", help="a name for this run in the output")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="sb-browser-bench-")
    server = Server(os.path.abspath(args.binary), data_dir, free_port(), os.path.join(data_dir, "server.log"),
                    database_url=args.database_url, serve_arguments=("--log-level", "error"), cli_timeout=600,
                    start_timeout=120, poll_interval=0.2, api_timeout=60)
    browser = None
    try:
        email = EMAIL.replace("@", f"+{os.getpid()}@")
        server.cli("admin", "create", "--email", email, "--name", "Browser Bench", "--password", PASSWORD)
        server.token = server.cli("token", "create", "--user", email, "--name", "browser-bench").strip()
        server.start()
        ticket = server.api("POST", "/api/v1/tickets", {
            "subject": "Browser latency bench", "requester": {"email": "watcher@example.com", "name": "Wendy Watcher"},
            "message": {"body": "The first message of a long thread."}})
        ticket_id = ticket["id"] if "id" in ticket else ticket["ticket"]["id"]
        for index in range(args.thread_messages - 1):
            kind = "notes" if index % 2 else "replies"
            server.api("POST", f"/api/v1/tickets/{ticket_id}/{kind}",
                       {"body": f"Thread message {index}: checking the account settings and the invoice again."})

        browser = make_chrome(WINDOW)
        browser.get(server.base + "/login")
        browser.find_element(By.ID, "email").send_keys(email)
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.find_element(By.ID, "login-submit").click()
        WebDriverWait(browser, 20).until(lambda d: "/login" not in d.current_url)
        browser.get(f"{server.base}/tickets/{ticket_id}")
        WebDriverWait(browser, 20).until(
            lambda d: d.find_element(By.ID, "live-dot").get_attribute("data-state") == "open")
        shown = len(browser.find_elements(By.CSS_SELECTOR, "#timeline > li[data-message-id]"))
        browser.execute_script(OBSERVER)
        browser.set_script_timeout(30)
        time.sleep(1)

        samples = []
        for index in range(args.samples):
            kind = "replies" if index % 2 == 0 else "notes"
            result = browser.execute_async_script(
                SAMPLE, f"/api/v1/tickets/{ticket_id}/{kind}", server.token,
                f"Browser bench sample {index}: the fix is live, please try again.")
            if "error" in result:
                raise RuntimeError(f"sample {index}: {result['error']}")
            samples.append({"kind": kind, "message_id": int(result["id"]),
                            "send_to_dom_ms": result["shown"] - result["sent"],
                            "response_to_dom_ms": result["shown"] - result["answered"],
                            "post_ms": result["answered"] - result["sent"]})
            time.sleep(args.pause)

        report = {
            "label": args.label, "binary": args.binary, "database_url": args.database_url or "fresh sqlite",
            "thread_messages": shown, "samples": len(samples),
            "send_to_dom": summary([s["send_to_dom_ms"] for s in samples]),
            "response_to_dom": summary([s["response_to_dom_ms"] for s in samples]),
            "post": summary([s["post_ms"] for s in samples]),
            "load_average": open("/proc/loadavg").read().split()[:3],
        }
        print(f"browser latency {args.label}: {len(samples)} samples on a {shown}-entry timeline")
        for name in ("send_to_dom", "response_to_dom", "post"):
            figures = report[name]
            print(f"  {name:16} p50 {figures['p50_ms']:8.2f} ms  p95 {figures['p95_ms']:8.2f} ms  "
                  f"max {figures['max_ms']:8.2f} ms")
        if args.json:
            report["sample_list"] = samples
            with open(args.json, "w") as handle:
                json.dump(report, handle, indent=2)
        return 0
    finally:
        if browser:
            browser.quit()
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
