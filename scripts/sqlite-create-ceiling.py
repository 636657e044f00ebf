#!/usr/bin/env python3
"""SQLite's own ceiling for Switchboard's ticket create, with no Swift, no HTTP and no sqlite-nio.

Writes the rows one API ticket create writes (the requester's organization read, the number taken from
accounts.next_ticket_number, the ticket, its tag, its first message, its two events, the counters; at the end of
each batch the FTS5 entries and COMMIT) in batches of 64 creates per transaction, each in a savepoint, as the
server's group commit does when 64 writes queue up (always full batches: its best case): the same statements on the
same schema, from one thread, as fast as SQLite runs them.

    scripts/sqlite-create-ceiling.py FILE [--seconds 10] [--uncached]

FILE: a copy of a database kept by `switchboard bench run --scenario dataset --tickets N --keep` (it is written to).
By default each statement is prepared once and reused (Python's statement cache); --uncached prepares every
statement anew, as sqlite-nio does (each execution gets a unique SQL text, a trailing comment with a counter, so no
cache can hold it: pysqlite3 keeps a cache of at least 5 statements even when asked for none). Needs an SQLite of 3.43 or later (FTS5 contentless_delete): Python's own module
where it is new enough, else the PyPI package pysqlite3-binary. docs/performance.md ("Session 9") has the figures.
"""
import argparse
import itertools
import json
import time

try:
    import pysqlite3 as sqlite3  # a newer SQLite than the system's
except ImportError:
    import sqlite3

BATCH = 64
TEXT = "Hello, my invoice shows the wrong amount for this month. Order {}."


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--uncached", action="store_true")
    args = parser.parse_args()
    connection = sqlite3.connect(args.file, isolation_level=None)
    db = Uncached(connection) if args.uncached else connection
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # the server's settings (SQLiteBackend)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA temp_store = MEMORY")
    account = db.execute("SELECT MIN(id) FROM accounts").fetchone()[0]
    contacts = [row[0] for row in db.execute("SELECT id FROM contacts WHERE account_id = ?", (account,))]
    created = 0
    started = time.perf_counter()
    while time.perf_counter() - started < args.seconds:
        db.execute("BEGIN IMMEDIATE")
        documents = []
        for _ in range(BATCH):
            documents.append(create(db, account, contacts[created % len(contacts)], created))
            created += 1
        for rowid, subject, body in documents:
            db.execute("INSERT INTO ticket_fts (rowid, subject, body) VALUES (?, ?, ?)", (rowid, subject, body))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    print(json.dumps({"module": sqlite3.__name__, "sqlite": sqlite3.sqlite_version,
                      "prepared_once": not args.uncached, "creates": created,
                      "seconds": round(elapsed, 2), "creates_per_second": round(created / elapsed)}))


class Uncached:
    """Runs every statement with a SQL text never seen before, so SQLite prepares it anew each time."""

    def __init__(self, connection):
        self.connection = connection
        self.counter = itertools.count()

    def execute(self, sql, parameters=()):
        return self.connection.execute(f"{sql} -- {next(self.counter)}", parameters)


def create(db, account, requester, index):
    now = int(time.time() * 1_000_000)
    subject = f"Storage ticket {index}"
    body = TEXT.format(index)
    db.execute("SAVEPOINT switchboard_write")
    organization = db.execute(
        "SELECT organization_id FROM contacts WHERE account_id = ? AND id = ?", (account, requester)).fetchone()[0]
    number = db.execute(
        "UPDATE accounts SET next_ticket_number = next_ticket_number + 1 WHERE id = ? RETURNING next_ticket_number",
        (account,)).fetchone()[0] - 1
    ticket = db.execute(
        """INSERT INTO tickets (account_id, number, subject, status, priority, type, channel, inbox_id, requester_id,
               organization_id, assignee_id, team_id, tags, custom_fields, merged_into_id, follow_up_of_id,
               created_at, updated_at, first_response_at, solved_at, waiting_since, reopen_count,
               last_message_preview, message_count)
           VALUES (?, ?, ?, 'new', 1, NULL, 'api', NULL, ?, ?, NULL, NULL, '["bench"]', '{}', NULL, NULL, ?, ?, NULL,
               NULL, ?, 0, ?, 1)
           RETURNING id, number""",
        (account, number, subject, requester, organization, now, now, now, body)).fetchone()[0]
    db.execute("INSERT INTO ticket_tags (account_id, ticket_id, tag) VALUES (?, ?, 'bench')", (account, ticket))
    message = db.execute(
        """INSERT INTO messages (account_id, ticket_id, kind, channel, author_kind, author_id, text, html,
               external_id, delivery_status, delivery_error, created_at)
           VALUES (?, ?, 'inbound', 'api', 'contact', ?, ?, NULL, NULL, 'none', NULL, ?) RETURNING id""",
        (account, ticket, requester, body, now)).fetchone()[0]
    summary = {"assignee_id": None, "channel": "api", "follow_up_of_id": None, "id": ticket, "inbox_id": None,
               "number": number, "organization_id": organization, "priority": "normal", "requester_id": requester,
               "status": "new", "subject": subject, "tags": ["bench"], "team_id": None, "type": None}
    created_payload = json.dumps({"message_id": message, "ticket": summary}, separators=(",", ":"), sort_keys=True)
    message_payload = json.dumps(
        {"attachment_count": 0, "author_id": requester, "author_kind": "contact", "channel": "api",
         "kind": "inbound", "message_id": message, "preview": body}, separators=(",", ":"), sort_keys=True)
    db.execute(
        """INSERT INTO events (account_id, type, ticket_id, actor_kind, actor_id, payload, created_at)
           VALUES (?, 'ticket.created', ?, 'system', NULL, ?, ?), (?, 'message.created', ?, 'system', NULL, ?, ?)
           RETURNING id, type""",
        (account, ticket, created_payload, now, account, ticket, message_payload, now)).fetchall()
    db.execute(
        """INSERT INTO ticket_counters (account_id, dimension, key, shard, count)
           VALUES (?, 'status', 'new', 0, 1), (?, 'unassigned', '', 0, 1)
           ON CONFLICT (account_id, dimension, key, shard) DO UPDATE SET count = ticket_counters.count + excluded.count""",
        (account, account))
    db.execute("RELEASE switchboard_write")
    return (ticket * 2, subject, body)


if __name__ == "__main__":
    main()
