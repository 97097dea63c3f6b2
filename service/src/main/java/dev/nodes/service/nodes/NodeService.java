package dev.nodes.service.nodes;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.db.Database;
import dev.nodes.service.db.JdbcReads;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.ErrorHandling;
import dev.nodes.service.http.IfMatch;
import dev.nodes.service.http.Json;
import dev.nodes.service.nodes.cache.Lookup;
import dev.nodes.service.nodes.cache.NodeCache;
import dev.nodes.service.nodes.cache.ReadToken;
import io.helidon.dbclient.DbExecute;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Node reads and writes. Reads go through the node cache; every write commits first and then invalidates the
 * cache. A miss gets the cache's read token with the lookup, before it reads PostgreSQL, so a reader that raced a write cannot
 * put its older copy back while the first read after the write caches the new one.
 */
public final class NodeService {
    private final Database database;
    private final NodeRepository repository;
    private final NodeCache cache;
    private final EmbeddingScheduler embeddings;

    public NodeService(Database database, NodeRepository repository, NodeCache cache, EmbeddingScheduler embeddings) {
        this.database = database;
        this.repository = repository;
        this.cache = cache;
        this.embeddings = embeddings;
    }

    /** A node's JSON as the API returns it, with the header fields that access checks and the ETag need. */
    public record Representation(String json, NodeHeader header) {}

    public Representation read(Caller caller, NodeRef ref) {
        Lookup lookup = switch (ref) {
            case NodeRef.ById byId -> cache.lookupById(byId.id());
            case NodeRef.BySlug bySlug -> cache.lookupBySlug(bySlug.slug());
            case NodeRef.Invalid invalid -> throw ApiException.notFound("node");
        };
        Representation representation = lookup.hit()
                .map(json -> new Representation(json, NodeHeader.peek(json)))
                .orElseGet(() -> loadAndCache(ref, lookup.token()));
        NodeAccess.requireVisible(caller, representation.header());
        return representation;
    }

    /** {@code token} came with the miss, before this database read: a put racing a write is refused. */
    private Representation loadAndCache(NodeRef ref, ReadToken token) {
        JdbcReads db = database.reads();
        Node node = (switch (ref) {
                    case NodeRef.ById byId -> repository.findById(db, byId.id());
                    case NodeRef.BySlug bySlug -> repository.findBySlug(db, bySlug.slug());
                    case NodeRef.Invalid invalid -> Optional.<Node>empty();
                })
                .orElseThrow(() -> ApiException.notFound("node"));
        String json = Json.write(node);
        cache.put(token, node.id(), node.slug(), json);
        return new Representation(json, NodeHeader.of(node));
    }

    public Node create(Caller caller, NodeRequests.Create request) {
        String slug = request.slug().orElseGet(Slugs::random);
        Node created = translateConflicts(() -> database.inTransaction(tx -> {
            long id = repository.insert(
                    tx,
                    new NodeRepository.NewNode(
                            slug,
                            caller.userId(),
                            request.title(),
                            request.content(),
                            request.coverUrl().orElse(null),
                            request.isPublic(),
                            request.status(),
                            embeddings.initialStatus()));
            repository.replaceTags(tx, id, request.tags());
            embeddings.schedule(tx, id);
            return repository.findById(tx, id).orElseThrow();
        }));
        embeddings.wakeUp();
        return created;
    }

    public Node update(Caller caller, NodeRef ref, NodeRepository.NodeChanges changes, Optional<String> ifMatch) {
        return write(caller, ref, ifMatch, (tx, current) -> {
            if (changes.isEmpty()) {
                return false;
            }
            repository.update(tx, current.id(), changes);
            if (changes.touchesEmbeddingInput()) {
                embeddings.schedule(tx, current.id());
            }
            return true;
        });
    }

    public Node replaceTags(Caller caller, NodeRef ref, List<String> tags, Optional<String> ifMatch) {
        return write(caller, ref, ifMatch, (tx, current) -> {
            if (current.tags().equals(tags)) {
                return false;
            }
            repository.replaceTags(tx, current.id(), tags);
            repository.bumpVersion(tx, current.id());
            embeddings.schedule(tx, current.id());
            return true;
        });
    }

    public void delete(Caller caller, NodeRef ref) {
        write(caller, ref, Optional.empty(), (tx, current) -> {
            repository.softDelete(tx, current.id());
            return true;
        });
    }

    /** Queues a refresh and returns the node's id. */
    public long refreshEmbedding(Caller caller, NodeRef ref) {
        if (embeddings.initialStatus().equals("disabled")) {
            throw ApiException.conflict("embeddings are disabled on this server (APP_EMBEDDING_PROVIDER=disabled)");
        }
        return write(caller, ref, Optional.empty(), (tx, current) -> {
                    embeddings.schedule(tx, current.id());
                    return true;
                })
                .id();
    }

    /** A change applied to a locked node; returns whether anything was written. */
    private interface Change {
        boolean apply(DbExecute tx, Node current);
    }

    private Node write(Caller caller, NodeRef ref, Optional<String> ifMatch, Change change) {
        record Outcome(Node before, Optional<Node> after, boolean changed) {}
        Outcome outcome = translateConflicts(() -> database.inTransaction(tx -> {
            long id = repository.idOf(tx, ref).orElseThrow(() -> ApiException.notFound("node"));
            Node current = repository.lock(tx, id).orElseThrow(() -> ApiException.notFound("node"));
            NodeHeader header = NodeHeader.of(current);
            NodeAccess.requireEditable(caller, header);
            IfMatch.check(ifMatch, header.etag());
            boolean changed = change.apply(tx, current);
            return new Outcome(current, changed ? repository.findById(tx, id) : Optional.of(current), changed);
        }));
        if (outcome.changed()) {
            Node before = outcome.before();
            String newSlug = outcome.after().map(Node::slug).orElse(before.slug());
            cache.invalidate(before.id(), before.slug(), newSlug);
            embeddings.wakeUp();
        }
        return outcome.after().orElse(outcome.before());
    }

    public List<Node> listByAuthor(
            Caller caller,
            UUID authorId,
            Optional<String> status,
            Optional<String> tag,
            Optional<Long> beforeId,
            int limit,
            NodeListView view) {
        boolean includeHidden = caller.isAdmin() || caller.userId().equals(authorId);
        return repository.listByAuthor(
                database.reads(),
                new NodeRepository.NodeListQuery(authorId, includeHidden, status, tag, beforeId, limit, view));
    }

    public List<Node> listDevBlog(
            List<String> tags, Optional<LocalDate> from, Optional<LocalDate> to, Optional<Long> beforeId, int limit) {
        return repository.listDevBlog(database.execute(), tags, from, to, beforeId, limit);
    }

    private static <T> T translateConflicts(Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!(e instanceof ApiException) && "23505".equals(ErrorHandling.sqlState(e))) {
                throw ApiException.conflict("the slug is already taken");
            }
            throw e;
        }
    }
}
