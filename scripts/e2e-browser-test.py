#!/usr/bin/env python3
"""End-to-end test of the agent workspace in a real headless Chromium.

Starts the built `switchboard` binary on a free 127.0.0.1 port with a temporary data directory, creates an owner
(`switchboard admin create`) and an API token (`switchboard token create`), seeds users, a team and tickets
through the REST API, then drives two browser sessions:

  sign in (bad password first) -> inbox -> keyboard navigation -> open a ticket -> reply -> note -> assign -> solve;
  bulk actions and a bulk merge (after a confirmation) on selected rows;
  two sessions on one ticket see each other's presence and replies live, and "replied meanwhile" asks first;
  bad form input shows a clear message; search box; help overlay; no Content-Security-Policy violations.
  a macro made in Admin -> Macros is applied on a ticket with the keyboard (m, filter, Enter, Ctrl+Enter) and its
  placeholders and status/tag changes land; an agent saves an "Only me" macro on My macros and finds it in the
  picker; the inbox filters are saved as a view and opened from the sidebar.

Screenshots of login, inbox, ticket, customer and admin pages, light and dark, desktop (1280x800) and phone
(390x844), are written to build/screenshots/.

Needs: Debian `chromium` and `chromium-driver`, PyPI `selenium`.
Usage: scripts/e2e-browser-test.py --binary .build/debug/switchboard [--screenshots DIR] [--keep]
Prints `e2e-browser: N passed, M failed` last; exits 1 when anything failed.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import urllib.request

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_harness import Server, free_port, make_chrome  # noqa: E402 - needs the path above

OWNER_EMAIL = "olivia@example.com"
OWNER_PASSWORD = "owner-pass-1234"
AGENT_EMAIL = "alex@example.com"
AGENT_PASSWORD = "agent-pass-1234"
DESKTOP = (1280, 800)
PHONE = (390, 844)


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}")
        return condition

    def step(self, name, function):
        """Runs `function`; an exception counts as one failure and the run goes on."""
        try:
            function()
        except Exception as error:  # noqa: BLE001 - report every failure and continue
            self.failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}")
            traceback.print_exc(limit=3)


def seed(server):
    agent = server.api("POST", "/api/v1/users", {
        "email": AGENT_EMAIL, "name": "Alex Agent", "role": "agent", "password": AGENT_PASSWORD})
    me = server.api("GET", "/api/v1/me")["user"]
    server.api("POST", "/api/v1/teams", {"name": "Billing", "member_ids": [me["id"], agent["id"]]})
    tickets = []
    samples = [
        ("Invoice shows the wrong VAT rate", "Maria Lopez", "maria@acme-corp.example", "high",
         "<p>Hi, our invoice INV-2211 shows 19% VAT but we are exempt.</p>"
         "<blockquote class=\"sb-quoted\"><p>On Monday you wrote: thanks for your order</p></blockquote>"),
        ("Cannot reset my password", "Tom Baker", "tom@example.net", "urgent", None),
        ("Feature request: dark mode for reports", "Priya Shah", "priya@globex.example", "low", None),
        ("Order #5521 arrived damaged", "Lena Fischer", "lena@example.org", "normal", None),
        ("How do I export my data?", "Maria Lopez", "maria@acme-corp.example", "normal", None),
        ("API returns 502 since this morning", "Kenji Watanabe", "kenji@initech.example", "urgent", None),
    ]
    for subject, name, email, priority, html in samples:
        message = {"body": f"{subject}. Please help, thanks!"}
        if html:
            message["html"] = html
        tickets.append(server.api("POST", "/api/v1/tickets", {
            "subject": subject, "requester": {"email": email, "name": name}, "message": message,
            "priority": priority, "tags": ["e2e"]}))
    return tickets, agent


def make_browser(size=DESKTOP):
    driver = make_chrome(size, ("--force-device-scale-factor=1",), {"goog:loggingPrefs": {"browser": "ALL"}})
    driver.set_window_size(*size)
    return driver


def wait(driver, condition, timeout=10):
    return WebDriverWait(driver, timeout).until(condition)


def visible(driver, css, timeout=10):
    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout)


def login(driver, base, email, password):
    driver.get(base + "/login")
    visible(driver, "#email").clear()
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()


def live_connected(driver, timeout=10):
    try:
        wait(driver, lambda d: d.find_element(By.ID, "live-dot").get_attribute("data-state") == "open", timeout)
        return True
    except TimeoutException:
        return False


def csp_violations(driver):
    try:
        entries = driver.get_log("browser")
    except Exception:  # noqa: BLE001 - not every driver exposes logs
        return []
    return [entry["message"] for entry in entries if "Content Security Policy" in entry.get("message", "")]


def set_theme(driver, theme):
    driver.execute_script("window.localStorage.setItem('sb-theme', arguments[0]);", theme)
    driver.refresh()


def report_timings(log_path):
    """Prints server-side durations of the web pages seen in the access log (small data: an indication only)."""
    if not os.path.exists(log_path):
        return
    durations = {}
    with open(log_path) as log:
        for line in log:
            if "switchboard.http.route=" not in line or "switchboard.http.duration_ms=" not in line:
                continue
            route = line.split("switchboard.http.route=")[1].split()[0]
            method = line.split("switchboard.http.method=")[1].split()[0] if "http.method=" in line else "?"
            if method != "GET" or not (route.startswith("/inbox") or route.startswith("/tickets")):
                continue
            value = float(line.split("switchboard.http.duration_ms=")[1].split()[0])
            durations.setdefault(route, []).append(value)
    for route, values in sorted(durations.items()):
        values.sort()
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        print(f"timing {route}: n={len(values)} median={values[len(values) // 2]:.1f} ms p95={p95:.1f} ms")


def png_bytes(width=48, height=32, rgb=(200, 40, 40)):
    """A small valid PNG (one colour), built with zlib so no imaging library is needed."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def raw_email_with_image(sender, subject):
    """A multipart/related message: HTML showing an inline cid: image, plus the same PNG as an attachment."""
    import base64
    png = base64.encodebytes(png_bytes()).decode()
    other = base64.encodebytes(png_bytes(rgb=(30, 120, 220))).decode()
    return (
        f"From: Ines Image <{sender}>\r\nTo: support@e2e.example\r\nSubject: {subject}\r\n"
        f"Message-ID: <img-{time.time()}@e2e.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        "--outer\r\nContent-Type: multipart/related; boundary=\"inner\"\r\n\r\n"
        "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        "<p>See the screenshot:</p><p><img src=\"cid:shot1@e2e\" alt=\"inline shot\"></p>\r\n"
        "--inner\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-ID: <shot1@e2e>\r\nContent-Disposition: inline; filename=\"inline.png\"\r\n\r\n"
        f"{png}\r\n--inner--\r\n"
        "--outer\r\nContent-Type: image/png; name=\"error-dialog.png\"\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=\"error-dialog.png\"\r\n\r\n"
        f"{other}\r\n--outer--\r\n").encode()


def post_raw_email(server, inbox_id, raw):
    request = urllib.request.Request(
        f"{server.base}/api/v1/inboxes/{inbox_id}/raw-email", data=raw, method="POST")
    request.add_header("Authorization", "Bearer " + server.token)
    request.add_header("Content-Type", "message/rfc822")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode())


def image_loaded(driver, css):
    return driver.execute_script(
        "const i = document.querySelector(arguments[0]); return !!(i && i.complete && i.naturalWidth > 0);", css)


def custom_field_in_admin_and_ticket(results, a, server, shots, ticket):
    """Defines a required dropdown in the admin section, sets it on a ticket, and sees solving blocked without it."""
    base = server.base
    a.get(base + "/admin/fields")
    visible(a, "#field-label").send_keys("Plan")
    a.find_element(By.ID, "field-key").send_keys("plan")
    Select(a.find_element(By.ID, "field-type")).select_by_value("dropdown")
    visible(a, "#field-options").send_keys("free\npro\nenterprise")
    a.find_element(By.ID, "field-required").click()
    a.find_element(By.ID, "field-submit").click()
    wait(a, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#custom-fields-table tr[data-field-key=plan]")) == 1)
    row = a.find_element(By.CSS_SELECTOR, "#custom-fields-table tr[data-field-key=plan]").text
    results.check("admin defines a dropdown custom field", "free, pro, enterprise" in row, row)
    a.save_screenshot(os.path.join(shots, "admin-custom-fields-light-desktop.png"))
    a.find_element(By.ID, "field-label").send_keys("Duplicate")
    a.find_element(By.ID, "field-key").send_keys("plan")
    a.find_element(By.ID, "field-submit").click()
    error = visible(a, "#custom-field-form [data-error]")
    results.check("a duplicate key shows a clear message", "already exists" in error.text, error.text)
    definitions = server.api("GET", "/api/v1/custom-fields")["items"]
    results.check("the definition is stored", [d["key"] for d in definitions] == ["plan"], json.dumps(definitions))

    a.get(f"{base}/tickets/{ticket['id']}")
    a.find_element(By.ID, "solve").click()
    error = visible(a, "#props-error")
    results.check("solving without the required field shows which field", "Plan" in error.text, error.text)
    Select(visible(a, "#cf-plan")).select_by_value("pro")
    a.find_element(By.ID, "custom-fields-save").click()
    wait(a, lambda d: "Custom fields saved" in d.find_element(By.ID, "toast").text)
    stored = server.api("GET", f"/api/v1/tickets/{ticket['id']}")["ticket"]["custom_fields"]
    results.check("the dropdown value is saved on the ticket", stored == {"plan": "pro"}, json.dumps(stored))
    a.refresh()
    value = Select(visible(a, "#cf-plan")).first_selected_option.get_attribute("value")
    results.check("the side panel shows the saved value", value == "pro", value)
    # Later steps solve tickets freely: keep the field, but no longer required.
    server.api("PATCH", f"/api/v1/custom-fields/{definitions[0]['id']}", {"required_on_solve": False})


def merge_two_contacts(results, a, server, shots):
    """Finds a duplicate contact from the contact page, confirms, and sees identities and history merged."""
    base = server.base
    keep = server.api("POST", "/api/v1/contacts", {"name": "Sam Keeper", "email": "sam@keep.example"})
    dupe = server.api("POST", "/api/v1/contacts", {"name": "Sam Duplicate", "email": "sam@dupe.example",
                                                   "phone": "+44 20 7946 0000"})
    a.get(f"{base}/contacts/{keep['id']}")
    visible(a, "#merge-contact-query").send_keys("Duplicate")
    a.find_element(By.ID, "merge-contact-search").click()
    candidate = visible(a, f"#merge-contact-results button[data-contact-id='{dupe['id']}']")
    candidate.click()
    prompt = visible(a, "#merge-contact-confirm")
    results.check("merge asks for confirmation naming the other contact", "Sam Duplicate" in prompt.text, prompt.text)
    a.find_element(By.ID, "merge-contact-confirm-button").click()
    wait(a, lambda d: "sam@dupe.example" in d.find_element(By.ID, "identities").text, 10)
    identities = a.find_element(By.ID, "identities").text
    results.check("the merged contact has both identities",
                  "sam@keep.example" in identities and "+442079460000" in identities, identities)
    history = a.find_element(By.ID, "contact-history").text
    results.check("the contact history shows the merge", "merged" in history and "Sam Duplicate" in history, history)
    try:
        server.api("GET", f"/api/v1/contacts/{dupe['id']}")
        gone = False
    except RuntimeError as error:
        gone = "404" in str(error)
    results.check("the duplicate contact is gone", gone)
    a.execute_script("window.scrollTo(0, 0);")
    time.sleep(0.2)
    a.save_screenshot(os.path.join(shots, "contact-merged-light-desktop.png"))


def image_attachment_preview(results, a, server, shots):
    """Mails a message with an inline cid: image and a PNG attachment; both show in the ticket page."""
    inbox = server.api("POST", "/api/v1/inboxes", {"name": "E2E mail", "channel": "email",
                                                   "email_address": "support@e2e.example"})
    answer = post_raw_email(server, inbox["id"], raw_email_with_image("ines@images.example", "Error dialog"))
    a.get(f"{server.base}/tickets/{answer['ticket_id']}")
    visible(a, "#timeline .attachments")
    wait(a, lambda d: image_loaded(d, "#timeline .attachments img.thumb"), 10)
    results.check("an image attachment shows a loaded preview", True)
    links = a.find_elements(By.CSS_SELECTOR, "#timeline .attachments a[download]")
    names = [link.text for link in links]
    item = next((link.find_element(By.XPATH, "..").text for link in links if link.text == "error-dialog.png"), "")
    results.check("the attachments are listed with name and size", "error-dialog.png" in names and
                  "inline.png" in names and " B)" in item, f"{names} {item}")
    wait(a, lambda d: image_loaded(d, "#timeline .body img[src^='/attachments/sha256/']"), 10)
    results.check("a cid: image in the HTML body loads from the attachment route", True)
    a.save_screenshot(os.path.join(shots, "ticket-attachments-light-desktop.png"))


def invite_and_set_password(results, a, server):
    """Invites a user (no SMTP: the admin page shows the link), sets a password with it, signs in; link used once."""
    base = server.base
    a.get(base + "/admin/users")
    visible(a, "#invite-name").send_keys("Ivy Invitee")
    a.find_element(By.ID, "invite-email").send_keys("ivy@example.com")
    a.find_element(By.ID, "invite-submit").click()
    link = visible(a, "#invite-link").get_attribute("value")
    results.check("the invitation link is shown when no SMTP is configured", "/set-password?token=sbi_" in link, link)
    b = make_browser()
    try:
        b.get(link)
        visible(b, "#password").send_keys("short")
        b.find_element(By.ID, "password-confirm").send_keys("short")
        b.find_element(By.ID, "set-password-submit").click()
        error = visible(b, "#set-password-error")
        results.check("a short password is refused clearly", "at least 8" in error.text, error.text)
        b.find_element(By.ID, "password").send_keys("ivy-pass-12345")
        b.find_element(By.ID, "password-confirm").send_keys("ivy-pass-12345")
        b.find_element(By.ID, "set-password-submit").click()
        visible(b, "#set-password-done")
        login(b, base, "ivy@example.com", "ivy-pass-12345")
        wait(b, EC.url_contains("/inbox"))
        results.check("the invited user signs in with the new password", "/inbox" in b.current_url)
        visible(b, "#notify-toggle")
        permission = b.execute_script("return window.Notification ? Notification.permission : 'none';")
        results.check("notifications: a button in the user menu, no permission asked on load",
                      permission in ("default", "denied"), permission)
        me = int(b.find_element(By.TAG_NAME, "body").get_attribute("data-user-id"))
        decide = "return window.SB.notifyDecision(arguments[0]);"

        def event(kind, actor, payload):
            return {"type": kind, "ticket_id": 1, "actor": {"kind": "user", "id": actor}, "payload": payload}
        assigned = b.execute_script(decide, event("ticket.updated", 1, {"changes": {"assignee_id": [None, me]}}))
        mentioned = b.execute_script(decide, event("message.created", 1, {"kind": "note", "preview": "Can @Ivy see?"}))
        own = b.execute_script(decide, event("ticket.updated", me, {"changes": {"assignee_id": [None, me]}}))
        other = b.execute_script(decide, event("message.created", 1, {"kind": "note", "preview": "ask @Ivyana"}))
        results.check("notifications fire on assignment to me and @mentions, not on my own changes",
                      assigned is not None and mentioned is not None and own is None and other is None,
                      f"{assigned} {mentioned} {own} {other}")
        b.get(link)
        results.check("the link works only once", "already used" in visible(b, "#set-password-error").text)
    finally:
        b.quit()


def macro_in_admin_and_on_ticket(results, a, server, shots, ticket):
    """Creates a macro in Admin -> Macros (an unknown placeholder first), opens it on a ticket with `m`, filters,
    inserts it with Enter, sends with Ctrl+Enter, and checks the rendered text and the status/tag changes."""
    base = server.base
    a.get(base + "/admin/macros")
    visible(a, "#macro-name").send_keys("Escalated to engineering")
    a.find_element(By.ID, "macro-body").send_keys("Hi {{customer.nickname}}")
    a.find_element(By.ID, "macro-submit").click()
    error = visible(a, "#macro-form-error")
    results.check("macro form: an unknown placeholder shows a clear message",
                  "customer.nickname" in error.text and "placeholder" in error.text, error.text)
    body = a.find_element(By.ID, "macro-body")
    body.clear()
    body.send_keys("Hi {{customer.first_name}}, ticket #{{ticket.number}} is with our engineers. "
                   "- {{agent.first_name}}")
    Select(a.find_element(By.ID, "macro-status")).select_by_value("pending")
    a.find_element(By.ID, "macro-add-tags").send_keys("escalated")
    a.find_element(By.ID, "macro-submit").click()
    wait(a, lambda d: "Escalated to engineering" in d.find_element(By.ID, "macros-table").text)
    row = a.find_element(By.ID, "macros-table").text
    results.check("admin creates a macro with field changes", "Status → Pending" in row and "+escalated" in row, row)
    results.check("the form's cancel button stays hidden when not editing",
                  not a.find_element(By.ID, "macro-cancel").is_displayed())
    a.execute_script("window.scrollTo(0, 0);")
    a.save_screenshot(os.path.join(shots, "admin-macros-light-desktop.png"))

    a.get(f"{base}/tickets/{ticket['id']}")
    visible(a, "#composer-body")
    a.execute_script("document.activeElement && document.activeElement.blur();")
    a.find_element(By.TAG_NAME, "body").send_keys("m")
    search = visible(a, "#macro-filter")
    results.check("m opens the macro picker with the focus in its filter",
                  a.switch_to.active_element.get_attribute("id") == "macro-filter")
    search.send_keys("escal")
    selected = a.find_elements(By.CSS_SELECTOR, "#macro-list [role=option][aria-selected=true]")
    results.check("typing filters the macros and selects the match",
                  len(selected) == 1 and "Escalated" in selected[0].text)
    a.save_screenshot(os.path.join(shots, "ticket-macro-picker-light-desktop.png"))
    search.send_keys(Keys.ENTER)
    wait(a, lambda d: "engineers" in d.find_element(By.ID, "composer-body").get_attribute("value"))
    text = a.find_element(By.ID, "composer-body").get_attribute("value")
    expected = f"Hi Kenji, ticket #{ticket['number']} is with our engineers. - Olivia"
    results.check("Enter inserts the macro with its placeholders rendered", text == expected, text)
    pending = visible(a, "#macro-applied").text
    results.check("the composer says which changes the macro will make", "Pending" in pending, pending)
    results.check("the focus is back in the composer",
                  a.switch_to.active_element.get_attribute("id") == "composer-body")
    a.switch_to.active_element.send_keys(Keys.CONTROL, Keys.ENTER)
    wait(a, lambda d: "Pending" in d.find_element(By.ID, "ticket-status-badge").text, 15)
    state = server.api("GET", f"/api/v1/tickets/{ticket['id']}")
    results.check("sending applied the macro's status change", state["ticket"]["status"] == "pending",
                  state["ticket"]["status"])
    results.check("sending applied the macro's tag", "escalated" in state["ticket"]["tags"],
                  json.dumps(state["ticket"]["tags"]))
    replies = [m["text"] for m in state["messages"] if m["kind"] == "outbound"]
    results.check("the reply carries the rendered text", expected in replies, json.dumps(replies))
    results.check("the macro indicator is cleared after sending",
                  not a.find_element(By.ID, "macro-applied").is_displayed())


def agent_keeps_personal_macro(results, browsers, base, shots, ticket):
    """An agent (not an admin) saves an "Only me" macro on /macros and finds it in the picker of a ticket."""
    b = make_browser()
    browsers.append(b)
    login(b, base, AGENT_EMAIL, AGENT_PASSWORD)
    wait(b, EC.url_contains("/inbox"))
    b.find_element(By.CSS_SELECTOR, "a[href='/macros']").click()
    wait(b, EC.url_contains("/macros"))
    options = [o.get_attribute("value") for o in b.find_elements(By.CSS_SELECTOR, "#macro-visibility option")]
    results.check("My macros offers an agent only 'Only me'", options == ["personal"], str(options))
    visible(b, "#macro-name").send_keys("My sign-off")
    b.find_element(By.ID, "macro-body").send_keys("Best, {{agent.first_name}}")
    b.find_element(By.ID, "macro-submit").click()
    wait(b, lambda d: "My sign-off" in d.find_element(By.ID, "macros-table").text)
    results.check("an agent saves a personal macro", True)
    b.execute_script("window.scrollTo(0, 0);")
    b.save_screenshot(os.path.join(shots, "my-macros-light-desktop.png"))
    b.get(f"{base}/tickets/{ticket['id']}")
    visible(b, "#composer-body")
    b.execute_script("document.activeElement && document.activeElement.blur();")
    b.find_element(By.TAG_NAME, "body").send_keys("m")
    visible(b, "#macro-filter").send_keys("sign-off")
    names = [o.get_attribute("data-macro-name")
             for o in b.find_elements(By.CSS_SELECTOR, "#macro-list [role=option]") if o.is_displayed()]
    results.check("the agent's macro is in the ticket's picker", names == ["My sign-off"], str(names))


def rename_tag_in_admin(results, a, server, shots, ticket):
    """Renames a tag across tickets in Admin -> Tags (an invalid name first) and checks the ticket."""
    a.get(server.base + "/admin/tags")
    row = visible(a, "#tags-table tr[data-tag=escalated]")
    results.check("admin lists tags with their usage counts", "1" in row.text, row.text)
    field = row.find_element(By.CSS_SELECTOR, "input[name=name]")
    field.clear()
    field.send_keys("needs engineering")
    row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = visible(a, "#tags-error")
    results.check("an invalid tag name shows a clear message", "tags are" in error.text, error.text)
    a.execute_script("window.scrollTo(0, 0);")
    a.save_screenshot(os.path.join(shots, "admin-tags-light-desktop.png"))
    field = a.find_element(By.CSS_SELECTOR, "#tags-table tr[data-tag=escalated] input[name=name]")
    field.clear()
    field.send_keys("engineering")
    field.send_keys(Keys.ENTER)
    wait(a, lambda d: d.find_elements(By.CSS_SELECTOR, "#tags-table tr[data-tag=engineering]"), 10)
    tags = server.api("GET", f"/api/v1/tickets/{ticket['id']}")["ticket"]["tags"]
    results.check("renaming a tag changes it on the ticket", "engineering" in tags and "escalated" not in tags,
                  json.dumps(tags))


def saved_view_from_inbox_filters(results, a, server, shots):
    """Saves the current inbox filters as a view, opens it from the sidebar, and refuses a duplicate name."""
    base = server.base
    a.get(base + "/inbox/all?priority=urgent")
    expected = len(a.find_elements(By.CSS_SELECTOR, "tr[data-ticket-id]"))
    visible(a, "#save-view summary").click()
    visible(a, "#save-view-name").send_keys("Urgent and open")
    a.find_element(By.ID, "save-view-submit").click()
    wait(a, EC.url_contains("/inbox/view-"))
    rows = a.find_elements(By.CSS_SELECTOR, "tr[data-ticket-id]")
    results.check("the saved view lists the same tickets as the filters it was saved from",
                  expected > 0 and len(rows) == expected, f"{len(rows)} rows, expected {expected}")
    link = visible(a, "#view-nav + #saved-views a[aria-current=page]")
    results.check("the saved view sits under the built-in views with its count",
                  "Urgent and open" in link.text and link.text.strip().endswith(str(expected)), link.text)
    a.save_screenshot(os.path.join(shots, "inbox-saved-view-light-desktop.png"))
    a.get(base + "/inbox/all")
    visible(a, "#saved-views a").click()
    wait(a, EC.url_contains("/inbox/view-"))
    heading = a.find_element(By.TAG_NAME, "h1").text
    results.check("the sidebar link opens the saved view", "Urgent and open" in heading, heading)
    a.get(base + "/inbox/all?priority=urgent")
    visible(a, "#save-view summary").click()
    visible(a, "#save-view-name").send_keys("urgent AND open")
    a.find_element(By.ID, "save-view-submit").click()
    error = visible(a, "#save-view-error")
    results.check("a duplicate view name shows a clear message", "already exists" in error.text, error.text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="path of the built switchboard executable")
    parser.add_argument("--screenshots", default="build/screenshots", help="where screenshots are written")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = parser.parse_args()

    results = Results()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"no executable at {binary}")
        print("e2e-browser: 0 passed, 1 failed")
        return 1
    shots = os.path.abspath(args.screenshots)
    os.makedirs(shots, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="sb-e2e-")
    server = Server(binary, data_dir, free_port(), os.path.join(data_dir, "server.log"))
    browsers = []
    try:
        server.cli("admin", "create", "--email", OWNER_EMAIL, "--name", "Olivia Owner",
                   "--password", OWNER_PASSWORD)
        server.token = server.cli("token", "create", "--user", OWNER_EMAIL, "--name", "e2e").strip().splitlines()[-1]
        server.start()
        tickets, _agent = seed(server)
        results.check("seeded tickets through the API", len(tickets) == 6)
        base = server.base
        first = tickets[0]

        a = make_browser()
        browsers.append(a)

        def sign_in():
            login(a, base, OWNER_EMAIL, "wrong-password")
            error = visible(a, "#login-error")
            results.check("bad password shows a clear message", "not right" in error.text, error.text)
            login(a, base, "not-an-email", "x")
            results.check("malformed email shows a clear message",
                          "valid email" in visible(a, "#login-error").text)
            login(a, base, OWNER_EMAIL, OWNER_PASSWORD)
            wait(a, EC.url_contains("/inbox"))
            results.check("signed in lands in the inbox", "/inbox" in a.current_url)
        results.step("sign in", sign_in)

        def inbox():
            a.get(base + "/inbox/all")
            rows = a.find_elements(By.CSS_SELECTOR, "tr[data-ticket-id]")
            results.check("All open lists the seeded tickets", len(rows) == 6, f"{len(rows)} rows")
            count = a.find_element(By.CSS_SELECTOR, "#view-nav [data-count=all]").text
            results.check("All open count is 6", count == "6", count)
            results.check("row shows requester and organization-less name", "Maria Lopez" in a.page_source)
            results.check("live connection opens", live_connected(a))
            # keyboard: j j Enter opens the second row
            body = a.find_element(By.TAG_NAME, "body")
            body.send_keys("j")
            body.send_keys("j")
            second = a.find_elements(By.CSS_SELECTOR, "tr[data-ticket-id]")[1].get_attribute("data-ticket-id")
            a.switch_to.active_element.send_keys(Keys.ENTER)
            wait(a, EC.url_contains("/tickets/" + second))
            results.check("j/k + Enter open the selected ticket", a.current_url.endswith("/tickets/" + second))
            a.get(base + "/inbox/all")
            a.find_element(By.TAG_NAME, "body").send_keys("?")
            results.check("? opens the shortcut help",
                          wait(a, lambda d: d.find_element(By.ID, "help-dialog").get_attribute("open") is not None))
            a.find_element(By.CSS_SELECTOR, "#help-dialog button").click()
            # sort and filter
            Select(a.find_element(By.ID, "filter-priority")).select_by_value("urgent")
            a.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
            wait(a, EC.url_contains("priority=urgent"))
            rows = a.find_elements(By.CSS_SELECTOR, "tr[data-ticket-id]")
            results.check("priority filter keeps the 2 urgent tickets", len(rows) == 2, f"{len(rows)} rows")
        results.step("inbox", inbox)

        def search():
            a.get(base + "/inbox")
            a.find_element(By.TAG_NAME, "body").send_keys("/")
            box = a.switch_to.active_element
            results.check("/ focuses the search box", box.get_attribute("id") == "search-input")
            box.send_keys("invoice")
            item = visible(a, "#search-results a[role=option]")
            results.check("search shows instant results", "Invoice" in item.text, item.text)
        results.step("search", search)

        def bulk():
            a.get(base + "/inbox/all")
            boxes = a.find_elements(By.CSS_SELECTOR, ".row-select")
            boxes[-1].click()
            boxes[-2].click()
            visible(a, "#bulk")
            Select(a.find_element(By.ID, "bulk-priority")).select_by_value("high")
            a.find_element(By.ID, "bulk-tag").send_keys("vip")
            a.find_element(By.ID, "bulk-apply").click()
            wait(a, lambda d: "Updated 2 tickets" in d.find_element(By.ID, "toast").text)
            results.check("bulk action updates the selected tickets", True)
        results.step("bulk actions", bulk)

        def bulk_merge():
            duplicates = [server.api("POST", "/api/v1/tickets", {
                "subject": subject, "requester": {"email": "dup@example.com", "name": "Dee Duplicate"},
                "message": {"body": subject + ": my order never arrived."}}) for subject in ("Where is my order", "Order missing")]
            a.get(base + "/inbox/all")
            for ticket in duplicates:
                a.find_element(By.CSS_SELECTOR, f".row-select[value='{ticket['id']}']").click()
            visible(a, "#bulk-merge")
            target = duplicates[0]
            Select(a.find_element(By.ID, "bulk-merge-target")).select_by_value(str(target["id"]))
            a.find_element(By.ID, "bulk-merge-apply").click()
            WebDriverWait(a, 10).until(EC.alert_is_present())
            question = a.switch_to.alert.text
            a.switch_to.alert.accept()
            results.check("bulk merge asks first", "Merge 1 ticket into" in question, question)
            wait(a, lambda d: "Merged 1 ticket into" in d.find_element(By.ID, "toast").text)
            source = server.api("GET", f"/api/v1/tickets/{duplicates[1]['id']}")
            results.check("bulk merge merged the selected ticket into the chosen one",
                          source["ticket"]["merged_into_id"] == target["id"], json.dumps(source["ticket"])[:300])
        results.step("bulk merge", bulk_merge)

        def work_ticket():
            a.get(f"{base}/tickets/{first['id']}")
            visible(a, "#composer-body")
            toggle = a.find_elements(By.CSS_SELECTOR, ".quote-toggle")
            results.check("quoted history is folded behind a toggle",
                          len(toggle) == 1 and not a.find_element(By.CSS_SELECTOR, ".sb-quoted").is_displayed())
            # empty reply -> clear message
            a.find_element(By.ID, "composer-send").click()
            error = visible(a, "#composer-error")
            results.check("empty reply shows a clear message", "Write a reply" in error.text, error.text)
            # draft survives a reload
            a.find_element(By.ID, "composer-body").send_keys("Draft text that must survive")
            time.sleep(0.6)
            a.refresh()
            kept = visible(a, "#composer-body").get_attribute("value")
            results.check("draft is kept across reloads", kept == "Draft text that must survive", kept)
            a.find_element(By.ID, "composer-body").clear()
            a.find_element(By.ID, "composer-body").send_keys("Thanks Maria, we fixed the VAT rate.")
            a.find_element(By.ID, "composer-send").click()
            wait(a, lambda d: "we fixed the VAT rate" in d.find_element(By.ID, "timeline").text)
            results.check("reply appears in the timeline",
                          len(a.find_elements(By.CSS_SELECTOR, "#timeline .entry.outbound")) == 1)
            a.find_element(By.TAG_NAME, "body").send_keys("n")
            results.check("n switches to an internal note",
                          a.find_element(By.ID, "mode-note").get_attribute("aria-pressed") == "true")
            a.switch_to.active_element.send_keys("Checked with finance.")
            a.find_element(By.ID, "composer-send").click()
            wait(a, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline .entry.note")) == 1)
            results.check("note appears, visually distinct", True)
            a.find_element(By.ID, "assign-me").click()
            wait(a, lambda d: "Assigned to you" in d.find_element(By.ID, "toast").text)
            selected = Select(a.find_element(By.ID, "prop-assignee")).first_selected_option.text
            results.check("assign to me sets the assignee", selected == "Olivia Owner", selected)
            a.find_element(By.ID, "solve").click()
            wait(a, lambda d: d.find_element(By.ID, "ticket-status-badge").text == "Solved")
            state = server.api("GET", f"/api/v1/tickets/{first['id']}")["ticket"]
            results.check("solve is saved", state["status"] == "solved" and state["assignee_id"] is not None,
                          json.dumps(state)[:200])
            # bad input in the properties panel
            tags = a.find_element(By.ID, "prop-tags")
            tags.clear()
            tags.send_keys("x" * 80)
            a.find_element(By.ID, "props-save").click()
            error = visible(a, "#props-error")
            results.check("an over-long tag shows a clear message", "tag" in error.text.lower(), error.text)
            results.check("no CSP violations on the ticket page", not csp_violations(a), str(csp_violations(a)))
        results.step("work a ticket", work_ticket)

        second_ticket = tickets[1]

        def together():
            b = make_browser()
            browsers.append(b)
            login(b, base, AGENT_EMAIL, AGENT_PASSWORD)
            wait(b, EC.url_contains("/inbox"))
            url = f"{base}/tickets/{second_ticket['id']}"
            a.get(url)
            b.get(url)
            results.check("both sessions are live", live_connected(a) and live_connected(b))
            wait(a, lambda d: "Alex Agent is viewing" in d.find_element(By.ID, "presence").text, 15)
            results.check("presence: A sees B viewing", True)
            b.find_element(By.ID, "composer-body").send_keys("Hi Tom, ")
            wait(a, lambda d: "Alex Agent is typing" in d.find_element(By.ID, "presence").text, 15)
            results.check("presence: A sees B typing", True)
            a.find_element(By.ID, "composer-body").send_keys("Tom, I will reset it for you.")
            b.find_element(By.ID, "composer-body").send_keys("please try the reset link again.")
            b.find_element(By.ID, "composer-send").click()
            started = time.time()
            WebDriverWait(a, 10, poll_frequency=0.02).until(
                lambda d: "please try the reset link again" in d.find_element(By.ID, "timeline").text)
            results.check(f"A sees B's reply live ({(time.time() - started) * 1000:.0f} ms)", True)
            a.find_element(By.ID, "composer-send").click()
            prompt = visible(a, "#meanwhile")
            results.check("replied meanwhile: asks before sending", "Alex Agent replied" in prompt.text, prompt.text)
            a.find_element(By.ID, "send-anyway").click()
            wait(b, lambda d: "I will reset it for you" in d.find_element(By.ID, "timeline").text, 10)
            results.check("B sees A's reply live", True)
            b.get(base + "/inbox/all")
            before = b.find_element(By.CSS_SELECTOR, "#view-nav [data-count=all]").text
            live_connected(b)
            server.api("POST", "/api/v1/tickets", {
                "subject": "Live arrival", "requester": {"email": "new@example.com", "name": "New Person"},
                "message": {"body": "hello"}})
            wait(b, lambda d: "Live arrival" in d.find_element(By.ID, "inbox-list").text, 10)
            after = b.find_element(By.CSS_SELECTOR, "#view-nav [data-count=all]").text
            results.check("a new ticket appears in the inbox without reload", True)
            wait(b, lambda d: d.find_element(By.CSS_SELECTOR, "#view-nav [data-count=all]").text != before, 10)
            after = b.find_element(By.CSS_SELECTOR, "#view-nav [data-count=all]").text
            results.check("the All open count updates live", int(after) == int(before) + 1, f"{before} -> {after}")
        results.step("two sessions together", together)

        def admin_and_contact():
            a.get(base + "/admin/users")
            a.find_element(By.ID, "user-name").send_keys("Short Password")
            a.find_element(By.ID, "user-email").send_keys("short@example.com")
            a.find_element(By.ID, "user-password").send_keys("abc")
            a.find_element(By.CSS_SELECTOR, "#user-form button[type=submit]").click()
            error = visible(a, "#user-form [data-error]")
            results.check("admin form: bad password shows a clear message", "Password" in error.text or
                          "password" in error.text, error.text)
            a.get(f"{base}/contacts/{first['requester_id']}")
            notes = visible(a, "#contact-notes")
            notes.send_keys("Prefers email. VAT exempt.")
            a.find_element(By.CSS_SELECTOR, "#contact-form button[type=submit]").click()
            wait(a, lambda d: "Contact saved" in d.find_element(By.CSS_SELECTOR, "#contact-form [data-result]").text)
            results.check("contact edit saves", True)
        results.step("admin and contact", admin_and_contact)

        results.step("custom field in admin and on a ticket",
                     lambda: custom_field_in_admin_and_ticket(results, a, server, shots, tickets[3]))
        results.step("merge two contacts", lambda: merge_two_contacts(results, a, server, shots))
        results.step("image attachment preview", lambda: image_attachment_preview(results, a, server, shots))
        results.step("invite by email and set a password", lambda: invite_and_set_password(results, a, server))
        results.step("macro in admin and on a ticket",
                     lambda: macro_in_admin_and_on_ticket(results, a, server, shots, tickets[5]))
        results.step("an agent's personal macro",
                     lambda: agent_keeps_personal_macro(results, browsers, base, shots, tickets[4]))
        results.step("saved view from inbox filters", lambda: saved_view_from_inbox_filters(results, a, server, shots))
        results.step("rename a tag in admin", lambda: rename_tag_in_admin(results, a, server, shots, tickets[5]))

        def screenshots():
            pages = [("inbox", "/inbox/all"), ("ticket", f"/tickets/{first['id']}"),
                     ("customer", f"/contacts/{first['requester_id']}"), ("admin", "/admin/users")]
            count = 0
            for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
                a.set_window_size(*size)
                for theme in ("light", "dark"):
                    for name, path in pages:
                        a.get(base + path)
                        set_theme(a, theme)
                        visible(a, "main")
                        time.sleep(0.3)
                        a.save_screenshot(os.path.join(shots, f"{name}-{theme}-{size_name}.png"))
                        count += 1
            a.set_window_size(*DESKTOP)
            login_browser = make_browser()
            browsers.append(login_browser)
            for theme in ("light", "dark"):
                login_browser.get(base + "/login")
                set_theme(login_browser, theme)
                login_browser.save_screenshot(os.path.join(shots, f"login-{theme}-desktop.png"))
                count += 1
            results.check(f"saved {count} screenshots in {shots}", count == 18)
            results.check("no CSP violations across pages", not csp_violations(a), str(csp_violations(a)))
        results.step("screenshots", screenshots)

        def logout():
            a.find_element(By.ID, "logout").click()
            wait(a, EC.url_contains("/login"))
            a.get(base + "/inbox")
            results.check("after sign-out pages redirect to sign-in", "/login" in a.current_url)
        results.step("sign out", logout)
    except Exception as error:  # noqa: BLE001 - setup failure is one failed check
        results.failed += 1
        print(f"FAIL setup: {type(error).__name__}: {error}")
        traceback.print_exc(limit=5)
    finally:
        for browser in browsers:
            try:
                browser.quit()
            except Exception:  # noqa: BLE001
                pass
        server.stop()
        report_timings(server.log_path)
        if results.failed and os.path.exists(server.log_path):
            with open(server.log_path) as log:
                tail = log.read()[-3000:]
            print("--- server log (tail) ---\n" + tail)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"e2e-browser: {results.passed} passed, {results.failed} failed")
    return 0 if results.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
