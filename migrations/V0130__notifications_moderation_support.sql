-- Notifications and moderation (issue #3).

-- Deleting a notification's content cascades to its receipts, and retention removes content rows that no
-- receipt refers to any more: both look receipts up by notification_id, which nothing indexed.
CREATE INDEX notification_receipts_notification_idx ON notification_receipts (notification_id);

-- Moderation "q" is ILIKE '%text%' on title and description. Where pg_trgm can be installed (it is a trusted
-- extension from PostgreSQL 13, so a database owner may create it) trigram indexes serve it; where it cannot,
-- the same query runs as a filter over the rows the other filters selected. Nothing else depends on it.
DO $$
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm not available (%): moderation q searches without a trigram index', SQLERRM;
    END;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX moderation_cases_title_trgm_idx ON moderation_cases USING gin (title gin_trgm_ops)';
        EXECUTE 'CREATE INDEX moderation_cases_description_trgm_idx ON moderation_cases USING gin (description gin_trgm_ops)';
    END IF;
END
$$;
