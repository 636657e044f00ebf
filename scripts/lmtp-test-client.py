#!/usr/bin/env python3
"""A real LMTP/SMTP client for Switchboard's listener tests (Python's smtplib).

Usage: lmtp-test-client.py --port PORT [--smtp] --from ADDR --to ADDR [--to ADDR …] < message
       lmtp-test-client.py --port PORT --raw < session   (pipelined: the whole session is sent at once)

Sends the message on standard input and prints one JSON object: {"refused": {addr: [code, text]}} on
success, or {"error": "...", "code": N, "text": "..."} when the whole transaction was refused. With --raw,
standard input is a whole session (ending in QUIT) written in one go, and the output is {"replies": [line, …]}
with every reply line the server sent until it closed the connection.
"""
import argparse
import json
import smtplib
import socket
import sys


def raw_session(port, session):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(session)
        received = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    print(json.dumps({"replies": received.decode("utf-8", "replace").split("\r\n")[:-1]}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--smtp", action="store_true")
    parser.add_argument("--from", dest="sender")
    parser.add_argument("--to", action="append")
    parser.add_argument("--raw", action="store_true")
    args = parser.parse_args()
    message = sys.stdin.buffer.read()
    if args.raw:
        raw_session(args.port, message)
        return
    client = smtplib.SMTP("127.0.0.1", args.port) if args.smtp else smtplib.LMTP("127.0.0.1", args.port)
    try:
        refused = client.sendmail(args.sender, args.to, message)
        print(json.dumps({"refused": {k: [v[0], v[1].decode()] for k, v in refused.items()}}))
    except smtplib.SMTPRecipientsRefused as error:
        print(json.dumps({"error": "recipients", "refused": {k: [v[0], v[1].decode()] for k, v in error.recipients.items()}}))
    except smtplib.SMTPResponseException as error:
        print(json.dumps({"error": type(error).__name__, "code": error.smtp_code, "text": error.smtp_error.decode()}))
    finally:
        try:
            client.quit()
        except Exception:
            pass


if __name__ == "__main__":
    main()
