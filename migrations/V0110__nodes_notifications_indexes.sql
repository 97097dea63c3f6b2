-- The playbook's indexes: every list query of the contract has one behind it.

-- GET /v1/nodes?author_id=..., keyset on id descending
CREATE INDEX nodes_author_id_idx ON nodes (author_id, id DESC);
-- tags of a node (the primary key (slug, node_id) serves the reverse direction)
CREATE INDEX product_node_tags_node_idx ON product_node_tags (node_id, slug);

-- inbox and banner listing, newest first, keyset on (created_at, id)
CREATE INDEX notification_receipts_user_placement_idx
    ON notification_receipts (user_id, placement, created_at DESC, id DESC);
-- unread counts touch only unread rows
CREATE INDEX notification_receipts_unread_idx
    ON notification_receipts (user_id, placement) WHERE NOT is_read;
-- idempotent sends and broadcast deliveries: ON CONFLICT (event_id) needs this to be UNIQUE
CREATE UNIQUE INDEX notification_receipts_event_id_uq
    ON notification_receipts (event_id) WHERE event_id IS NOT NULL;
-- retention pruning by age
CREATE INDEX notification_receipts_created_idx ON notification_receipts (created_at);

-- the worker's "due broadcasts" scan and the admin listing
CREATE INDEX broadcasts_due_idx ON broadcasts (scheduled_at) WHERE status IN ('scheduled', 'sending');
CREATE INDEX broadcasts_listing_idx ON broadcasts (created_at DESC, id DESC);

-- moderation filters are case-insensitive: expression indexes on lower(...)
CREATE INDEX moderation_cases_status_idx ON moderation_cases (lower(status), created_at DESC, id DESC);
CREATE INDEX moderation_cases_type_idx ON moderation_cases (lower(type), created_at DESC, id DESC);
CREATE INDEX moderation_cases_queue_idx ON moderation_cases (lower(queue), created_at DESC, id DESC);
CREATE INDEX moderation_cases_assignee_idx ON moderation_cases (assignee_id, created_at DESC, id DESC);
CREATE INDEX moderation_cases_listing_idx ON moderation_cases (created_at DESC, id DESC);

-- the embedding worker's queue scan
CREATE INDEX embedding_jobs_due_idx ON embedding_jobs (run_after) WHERE status = 'queued';
