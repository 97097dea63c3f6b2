-- Baseline schema of every domain of the contract (../shared/spec/api.md).
-- Indexes that back the list queries live in V0110 so they can be reasoned about in one place.

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    subject       text        NOT NULL,
    role          text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Content nodes. Soft-deleted rows keep their data; the slug of a deleted node may be reused.
CREATE TABLE nodes (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                 text        NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
    author_id            uuid        NOT NULL,
    title                text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    content              text        NOT NULL DEFAULT '' CHECK (char_length(content) <= 200000),
    cover_url            text,
    is_public            boolean     NOT NULL DEFAULT true,
    status               text        NOT NULL DEFAULT 'published'
                                     CHECK (status IN ('draft', 'published', 'archived')),
    views_count          bigint      NOT NULL DEFAULT 0,
    likes_count          bigint      NOT NULL DEFAULT 0,
    embedding            real[],
    embedding_status     text        NOT NULL DEFAULT 'pending'
                                     CHECK (embedding_status IN ('pending', 'ready', 'failed', 'disabled')),
    embedding_model      text,
    embedding_updated_at timestamptz,
    version              integer     NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    deleted_at           timestamptz
);
CREATE UNIQUE INDEX nodes_slug_live_uq ON nodes (slug) WHERE deleted_at IS NULL;

-- Tags of a node; the primary key serves "nodes with tag X".
CREATE TABLE product_node_tags (
    slug    text   NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    PRIMARY KEY (slug, node_id)
);

-- One row per node and UTC day; moved in the same transaction as nodes.views_count.
CREATE TABLE node_view_buckets (
    node_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    day     date   NOT NULL,
    views   bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (node_id, day)
);

CREATE TABLE node_likes (
    node_id    bigint      NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (node_id, user_id)
);

-- Durable embedding refresh jobs: a restart loses none; workers claim them with SKIP LOCKED.
CREATE TABLE embedding_jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id      bigint      NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    status       text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts     integer     NOT NULL DEFAULT 0,
    run_after    timestamptz NOT NULL DEFAULT now(),
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
-- At most one queued job per node: a second refresh request before the worker runs is the same job.
CREATE UNIQUE INDEX embedding_jobs_one_queued_uq ON embedding_jobs (node_id) WHERE status = 'queued';

-- The content of a notification; one row for a direct send, one row shared by all receipts of a broadcast.
CREATE TABLE notifications (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title        text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    message      text        NOT NULL CHECK (char_length(message) <= 10000),
    placement    text        NOT NULL DEFAULT 'inbox' CHECK (placement IN ('inbox', 'banner')),
    priority     text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    topic        text,
    cta_url      text,
    meta         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    broadcast_id uuid,
    created_by   uuid,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- What a user sees in an inbox or banner: one receipt per user, with its own read state.
CREATE TABLE notification_receipts (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    notification_id uuid        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id         uuid        NOT NULL,
    placement       text        NOT NULL CHECK (placement IN ('inbox', 'banner')),
    event_id        text,
    is_read         boolean     NOT NULL DEFAULT false,
    read_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE broadcasts (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title           text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    message         text        NOT NULL CHECK (char_length(message) <= 10000),
    placement       text        NOT NULL DEFAULT 'inbox' CHECK (placement IN ('inbox', 'banner')),
    priority        text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
    audience        jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'draft'
                                CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'failed', 'cancelled')),
    scheduled_at    timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    total           integer     NOT NULL DEFAULT 0,
    sent            integer     NOT NULL DEFAULT 0,
    failed          integer     NOT NULL DEFAULT 0,
    notification_id uuid REFERENCES notifications (id),
    -- worker lease and progress: a takeover resumes after the last persisted batch
    lease_owner     text,
    lease_until     timestamptz,
    progress_cursor text,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    created_by      uuid        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE moderation_cases (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title        text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
    description  text        NOT NULL DEFAULT '',
    status       text        NOT NULL DEFAULT 'open',
    type         text        NOT NULL DEFAULT 'general',
    queue        text        NOT NULL DEFAULT 'default',
    priority     text        NOT NULL DEFAULT 'normal',
    assignee_id  uuid,
    subject_id   text,
    subject_type text,
    tags         text[]      NOT NULL DEFAULT '{}',
    metadata     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE moderation_case_notes (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id    uuid        NOT NULL REFERENCES moderation_cases (id) ON DELETE CASCADE,
    text       text        NOT NULL,
    pinned     boolean     NOT NULL DEFAULT false,
    author_id  uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_case_notes_case_idx ON moderation_case_notes (case_id, created_at);

CREATE TABLE moderation_case_history (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    uuid        NOT NULL REFERENCES moderation_cases (id) ON DELETE CASCADE,
    field      text        NOT NULL,
    from_value jsonb,
    to_value   jsonb,
    actor      uuid        NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_case_history_case_idx ON moderation_case_history (case_id, id);

-- Profiles taken by the admin profiling endpoints; the collapsed stacks are the source of the SVG.
CREATE TABLE profiling_captures (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    status      text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
    event       text        NOT NULL CHECK (event IN ('cpu', 'wall', 'alloc')),
    seconds     integer     NOT NULL CHECK (seconds BETWEEN 1 AND 120),
    profiler    text,
    samples     bigint,
    collapsed   text,
    top_frames  jsonb,
    error       text,
    created_by  uuid,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
