-- Counted views, one row per node, UTC day and viewer: the authoritative de-duplication behind the fast Redis
-- check (a view Redis forgot, in an outage say, is still counted once), and the place the viewer's fingerprint
-- is kept for analysis. Pruned after APP_NODES_VIEWS_RETENTION_DAYS by the workers.
CREATE TABLE node_views (
    node_id     bigint      NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    day         date        NOT NULL,
    viewer_id   uuid        NOT NULL,
    fingerprint text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (node_id, day, viewer_id)
);
-- retention deletes by day
CREATE INDEX node_views_day_idx ON node_views (day);
