-- A ticket create as Switchboard sends it to PostgreSQL today: nine round trips (BEGIN, the requester's
-- organization, the ticket with its number from the account's sequence, its tag, its first message, its search
-- document, the two events with pg_notify, the counters, COMMIT), with the values of the bench's storage ceiling.
-- For a database kept by `switchboard bench run --database postgres --tickets 20000 --keep` (account 1, contacts
-- 1…4000). pgbench cannot carry a NULL from one statement into the next, so the ticket's INSERT reads the
-- organization again with a subquery (one more index probe than the server does). Run with `-M extended` to send
-- unnamed statements, as postgres-nio does, or `-M prepared`.
-- docs/performance.md, "Session 9", has the command and the figures.
\set r random(1, 4000)
BEGIN;
SELECT organization_id AS org FROM contacts WHERE account_id = 1 AND id = :r \gset
INSERT INTO tickets (account_id, number, subject, status, priority, type, channel, inbox_id, requester_id, organization_id, assignee_id, team_id, tags, custom_fields, merged_into_id, follow_up_of_id, created_at, updated_at, first_response_at, solved_at, waiting_since, reopen_count, last_message_preview, message_count) VALUES (1, nextval('ticket_numbers_1'::regclass), 'Storage ticket', 'new', 1, NULL, 'api', NULL, :r::bigint, (SELECT organization_id FROM contacts WHERE account_id = 1 AND id = :r::bigint), NULL, NULL, '["bench"]', '{}', NULL, NULL, 1795490830969599, 1795490830969599, NULL, NULL, 1795490830969599, 0, 'Hello, my invoice shows the wrong amount for this month. Order 188.', 1) RETURNING id AS tid, number AS tnum \gset
INSERT INTO ticket_tags (account_id, ticket_id, tag) VALUES (1, :tid::bigint, 'bench');
INSERT INTO messages (account_id, ticket_id, kind, channel, author_kind, author_id, text, html, external_id, delivery_status, delivery_error, created_at) VALUES (1, :tid::bigint, 'inbound', 'api', 'contact', :r::bigint, 'Hello, my invoice shows the wrong amount for this month. Order 188.', NULL, NULL, 'none', NULL, 1795490830969599) RETURNING id AS mid \gset
INSERT INTO search_documents (ticket_id, account_id, subject, body) VALUES (:tid::bigint, 1, 'Storage ticket', 'Hello, my invoice shows the wrong amount for this month. Order 188.');
WITH inserted AS (INSERT INTO events (account_id, type, ticket_id, actor_kind, actor_id, payload, created_at) VALUES (1, 'ticket.created', :tid::bigint, 'system', NULL, '{"message_id": 67019,"ticket": {"assignee_id": null,"channel": "api","follow_up_of_id": null,"id": 20189,"inbox_id": null,"number": 20189,"organization_id": 98,"priority": "normal","requester_id": 189,"status": "new","subject": "Storage ticket 0-188","tags": ["bench"],"team_id": null,"type": null}}', 1795490830969599), (1, 'message.created', :tid::bigint, 'system', NULL, '{"attachment_count": 0,"author_id": 189,"author_kind": "contact","channel": "api","kind": "inbound","message_id": 67019,"preview": "Hello, my invoice shows the wrong amount for this month. Order 188."}', 1795490830969599) RETURNING id, type) SELECT id, type, pg_notify('switchboard_events', '1:' || id) FROM inserted ORDER BY id;
INSERT INTO ticket_counters (account_id, dimension, key, shard, count) VALUES (1, 'status', 'new', pg_backend_pid() % 16, 1), (1, 'unassigned', '', pg_backend_pid() % 16, 1) ON CONFLICT (account_id, dimension, key, shard) DO UPDATE SET count = ticket_counters.count + excluded.count;
COMMIT;
