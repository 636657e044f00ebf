#!/usr/bin/env python3
"""A real SMTP server for Switchboard's outbound-mail tests (aiosmtpd).

Usage: smtp-test-peer.py --dir DIR [--tls starttls|implicit|none] [--auth USER:PASSWORD]

Writes a self-signed certificate for localhost/127.0.0.1 to DIR/cert.pem (the client trusts it), prints
"READY <port>" once listening on 127.0.0.1, stores every accepted message as DIR/msg-<n>.eml with its
envelope in DIR/msg-<n>.json, and stops when standard input closes. Recipients starting with "reject" get
550, those starting with "tempfail" get 451, so the client's permanent/temporary handling can be tested.
"""
import argparse
import json
import os
import socket
import ssl
import subprocess
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, directory, implicit_tls):
        self.directory = directory
        # An implicit-TLS server only ever completes TLS connections (aiosmtpd leaves session.ssl unset there).
        self.implicit_tls = implicit_tls
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 No such user here"
        if address.startswith("tempfail"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "msg-%d" % self.count)
        with open(base + ".eml.tmp", "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as handle:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "tls": self.implicit_tls or session.ssl is not None, "authenticated": bool(session.authenticated)}, handle)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted"


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls", default="starttls", choices=["starttls", "implicit", "none"])
    parser.add_argument("--auth")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    context = make_certificate(args.dir) if args.tls != "none" else None
    options = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        # With implicit TLS aiosmtpd does not see the socket as encrypted for this check; it is, though.
        options.update(authenticator=authenticator, auth_required=True,
                       auth_require_tls=args.tls == "starttls")
    if args.tls == "starttls":
        options.update(tls_context=context, require_starttls=True)
    elif args.tls == "implicit":
        options.update(ssl_context=context)
    port = free_port()
    controller = Controller(Handler(args.dir, args.tls == "implicit"), hostname="127.0.0.1", port=port, server_hostname="localhost",
                            **options)
    controller.start()
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
