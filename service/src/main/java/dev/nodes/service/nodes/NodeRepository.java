package dev.nodes.service.nodes;

import dev.nodes.service.db.JdbcReads;
import dev.nodes.service.db.RowValues;
import dev.nodes.service.db.Rows;
import io.helidon.dbclient.DbExecute;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The SQL of nodes and their tags. Every method takes the executor so callers decide the transaction. */
public final class NodeRepository {
    private static final String SUMMARY_COLUMNS = """
            n.id, n.slug, n.author_id, n.is_public, n.status, n.version, n.title, n.cover_url,
            ARRAY(SELECT t.slug FROM product_node_tags t WHERE t.node_id = n.id ORDER BY t.slug) AS tags,
            n.views_count, n.likes_count, n.embedding_status, n.created_at, n.updated_at""";
    private static final String COLUMNS = SUMMARY_COLUMNS + ", n.content";
    /** A summary's content is null (left out of its JSON): PostgreSQL need not read the often TOASTed text. */
    private static final String SUMMARY_ROW = SUMMARY_COLUMNS + ", NULL::text AS content";

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM nodes n WHERE n.id = ? AND n.deleted_at IS NULL";

    /** A cache miss's read: outside a transaction, so on plain JDBC (see {@link JdbcReads}). */
    public Optional<Node> findById(JdbcReads db, long id) {
        return db.first(BY_ID, NodeRepository::toNode, id);
    }

    /** Inside a transaction (a write reading back what it wrote). */
    public Optional<Node> findById(DbExecute db, long id) {
        return db.get(BY_ID, id).map(row -> toNode(RowValues.of(row)));
    }

    public Optional<Node> findBySlug(JdbcReads db, String slug) {
        return db.first(
                "SELECT " + COLUMNS + " FROM nodes n WHERE n.slug = ? AND n.deleted_at IS NULL",
                NodeRepository::toNode,
                slug);
    }

    /** Locks the live row for a write, so concurrent writers of one node apply one after the other. */
    public Optional<Node> lock(DbExecute db, long id) {
        return db.get(BY_ID + " FOR UPDATE", id).map(row -> toNode(RowValues.of(row)));
    }

    public Optional<Long> idOf(DbExecute db, NodeRef ref) {
        return switch (ref) {
            case NodeRef.ById byId -> Optional.of(byId.id());
            case NodeRef.BySlug bySlug ->
                db.get("SELECT id FROM nodes WHERE slug = ? AND deleted_at IS NULL", bySlug.slug())
                        .map(row -> Rows.longValue(row, "id"));
            case NodeRef.Invalid invalid -> Optional.empty();
        };
    }

    public long insert(DbExecute db, NewNode node) {
        return db.get(
                        """
                        INSERT INTO nodes (slug, author_id, title, content, cover_url, is_public, status, embedding_status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING id""",
                        node.slug(),
                        node.authorId(),
                        node.title(),
                        node.content(),
                        node.coverUrl(),
                        node.isPublic(),
                        node.status(),
                        node.embeddingStatus())
                .map(row -> Rows.longValue(row, "id"))
                .orElseThrow();
    }

    /** Writes the changed fields and bumps the version. */
    public void update(DbExecute db, long id, NodeChanges changes) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("UPDATE nodes SET version = version + 1, updated_at = now()");
        changes.title().ifPresent(v -> set(sql, params, "title", v));
        changes.content().ifPresent(v -> set(sql, params, "content", v));
        if (changes.clearCoverUrl()) {
            sql.append(", cover_url = NULL");
        }
        changes.coverUrl().ifPresent(v -> set(sql, params, "cover_url", v));
        changes.isPublic().ifPresent(v -> set(sql, params, "is_public", v));
        changes.status().ifPresent(v -> set(sql, params, "status", v));
        changes.slug().ifPresent(v -> set(sql, params, "slug", v));
        sql.append(" WHERE id = ?");
        params.add(id);
        db.dml(sql.toString(), params.toArray());
    }

    private static void set(StringBuilder sql, List<Object> params, String column, Object value) {
        sql.append(", ").append(column).append(" = ?");
        params.add(value);
    }

    public void replaceTags(DbExecute db, long id, List<String> tags) {
        db.dml("DELETE FROM product_node_tags WHERE node_id = ?", id);
        if (!tags.isEmpty()) {
            db.dml("""
                    INSERT INTO product_node_tags (slug, node_id)
                    SELECT unnest(string_to_array(?, ',')), ?""", String.join(",", tags), id);
        }
    }

    public void bumpVersion(DbExecute db, long id) {
        db.dml("UPDATE nodes SET version = version + 1, updated_at = now() WHERE id = ?", id);
    }

    public void softDelete(DbExecute db, long id) {
        db.dml("UPDATE nodes SET deleted_at = now(), version = version + 1, updated_at = now() WHERE id = ?", id);
    }

    /**
     * One page of an author's nodes, newest id first; {@code limit + 1} rows tell whether another page follows. A
     * summary page carries the nodes without their content.
     */
    public List<Node> listByAuthor(JdbcReads db, NodeListQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + (query.view() == NodeListView.SUMMARY ? SUMMARY_ROW : COLUMNS)
                + " FROM nodes n WHERE n.author_id = ? AND n.deleted_at IS NULL");
        List<Object> params = new ArrayList<>(List.of(query.authorId()));
        if (!query.includeHidden()) {
            sql.append(" AND n.is_public AND n.status <> 'draft'");
        }
        query.status().ifPresent(status -> {
            sql.append(" AND n.status = ?");
            params.add(status);
        });
        query.tag().ifPresent(tag -> {
            sql.append(" AND EXISTS (SELECT 1 FROM product_node_tags t WHERE t.node_id = n.id AND t.slug = ?)");
            params.add(tag);
        });
        query.beforeId().ifPresent(id -> {
            sql.append(" AND n.id < ?");
            params.add(id);
        });
        sql.append(" ORDER BY n.id DESC LIMIT ?");
        params.add(query.limit() + 1);
        return db.list(sql.toString(), NodeRepository::toNode, params.toArray());
    }

    /** Published public nodes tagged dev-blog (and every extra tag), created within the dates, newest first. */
    public List<Node> listDevBlog(
            DbExecute db,
            List<String> tags,
            Optional<LocalDate> from,
            Optional<LocalDate> to,
            Optional<Long> beforeId,
            int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + """
                 FROM product_node_tags blog JOIN nodes n ON n.id = blog.node_id
                WHERE blog.slug = 'dev-blog' AND n.deleted_at IS NULL AND n.is_public AND n.status = 'published'""");
        List<Object> params = new ArrayList<>();
        for (String tag : tags) {
            sql.append(" AND EXISTS (SELECT 1 FROM product_node_tags t WHERE t.node_id = n.id AND t.slug = ?)");
            params.add(tag);
        }
        from.ifPresent(date -> {
            sql.append(" AND n.created_at >= (?::date)::timestamp AT TIME ZONE 'UTC'");
            params.add(date.toString());
        });
        to.ifPresent(date -> {
            sql.append(" AND n.created_at < (?::date + 1)::timestamp AT TIME ZONE 'UTC'");
            params.add(date.toString());
        });
        beforeId.ifPresent(id -> {
            sql.append(" AND blog.node_id < ?");
            params.add(id);
        });
        sql.append(" ORDER BY blog.node_id DESC LIMIT ?");
        params.add(limit + 1);
        return list(db, sql.toString(), params);
    }

    private static List<Node> list(DbExecute db, String sql, List<Object> params) {
        try (var rows = db.query(sql, params.toArray())) {
            return rows.map(row -> toNode(RowValues.of(row))).toList();
        }
    }

    static Node toNode(RowValues row) {
        return new Node(
                Rows.longValue(row, "id"),
                Rows.string(row, "slug"),
                Rows.uuid(row, "author_id"),
                Rows.bool(row, "is_public"),
                Rows.string(row, "status"),
                Rows.intValue(row, "version"),
                Rows.string(row, "title"),
                Rows.string(row, "cover_url"),
                Rows.strings(row, "tags"),
                Rows.longValue(row, "views_count"),
                Rows.longValue(row, "likes_count"),
                Rows.string(row, "embedding_status"),
                Rows.instant(row, "created_at"),
                Rows.instant(row, "updated_at"),
                Rows.string(row, "content"));
    }

    /** What a create writes. */
    public record NewNode(
            String slug,
            UUID authorId,
            String title,
            String content,
            String coverUrl,
            boolean isPublic,
            String status,
            String embeddingStatus) {}

    /** What a PATCH changes; empty means unchanged. */
    public record NodeChanges(
            Optional<String> title,
            Optional<String> content,
            Optional<String> coverUrl,
            boolean clearCoverUrl,
            Optional<Boolean> isPublic,
            Optional<String> status,
            Optional<String> slug) {
        public boolean isEmpty() {
            return title.isEmpty()
                    && content.isEmpty()
                    && coverUrl.isEmpty()
                    && !clearCoverUrl
                    && isPublic.isEmpty()
                    && status.isEmpty()
                    && slug.isEmpty();
        }

        public boolean touchesEmbeddingInput() {
            return title.isPresent() || content.isPresent();
        }
    }

    /** A page request of {@code GET /v1/nodes}. */
    public record NodeListQuery(
            UUID authorId,
            boolean includeHidden,
            Optional<String> status,
            Optional<String> tag,
            Optional<Long> beforeId,
            int limit,
            NodeListView view) {}
}
