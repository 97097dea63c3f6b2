package dev.nodes.service.nodes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nodes.service.http.ApiException;
import dev.nodes.service.http.BodyFields;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and validates node request bodies; nothing is written until a body has passed. */
final class NodeRequests {
    static final Set<String> STATUSES = Set.of("draft", "published", "archived");
    static final Pattern SLUG = NodeRef.SLUG;
    /** Slugs that would be shadowed by a fixed route. */
    private static final Set<String> RESERVED_SLUGS = Set.of("dev-blog", "slug");

    private static final int TITLE_MAX = 300;
    private static final int CONTENT_MAX = 200_000;
    private static final int URL_MAX = 2048;

    private NodeRequests() {}

    record Create(
            String title,
            String content,
            Optional<String> coverUrl,
            List<String> tags,
            boolean isPublic,
            String status,
            Optional<String> slug) {}

    static Create create(ObjectNode body) {
        BodyFields fields =
                new BodyFields(body, Set.of("title", "content", "cover_url", "tags", "is_public", "status", "slug"));
        Optional<String> title = fields.requiredString("title", TITLE_MAX);
        Optional<String> content = fields.string("content", CONTENT_MAX);
        Optional<String> coverUrl = coverUrl(fields);
        List<String> tags = tags(fields);
        Optional<Boolean> isPublic = fields.bool("is_public");
        Optional<String> status = fields.oneOf("status", STATUSES);
        Optional<String> slug = slug(fields);
        fields.validate();
        return new Create(
                title.orElseThrow().strip(),
                content.orElse(""),
                coverUrl,
                tags,
                isPublic.orElse(true),
                status.orElse("published"),
                slug);
    }

    static NodeRepository.NodeChanges patch(ObjectNode body) {
        BodyFields fields =
                new BodyFields(body, Set.of("title", "content", "cover_url", "is_public", "status", "slug"));
        Optional<String> title = fields.string("title", TITLE_MAX);
        if (fields.isNull("title") || title.filter(String::isBlank).isPresent()) {
            fields.reject("title", "must not be blank");
        }
        Optional<String> content = fields.string("content", CONTENT_MAX);
        if (fields.isNull("content")) {
            fields.reject("content", "must be a string (use \"\" to empty it)");
        }
        Optional<String> coverUrl = coverUrl(fields);
        Optional<Boolean> isPublic = fields.bool("is_public");
        if (fields.isNull("is_public")) {
            fields.reject("is_public", "must be true or false");
        }
        Optional<String> status = fields.oneOf("status", STATUSES);
        if (fields.isNull("status")) {
            fields.reject("status", "must be one of archived, draft, published");
        }
        Optional<String> slug = slug(fields);
        if (fields.isNull("slug")) {
            fields.reject("slug", "cannot be removed");
        }
        fields.validate();
        return new NodeRepository.NodeChanges(
                title.map(String::strip), content, coverUrl, fields.isNull("cover_url"), isPublic, status, slug);
    }

    static List<String> tagsBody(ObjectNode body) {
        BodyFields fields = new BodyFields(body, Set.of("tags"));
        if (!fields.has("tags") || fields.isNull("tags")) {
            fields.reject("tags", "is required");
        }
        List<String> tags = tags(fields);
        fields.validate();
        return tags;
    }

    /** A tag given as a query filter, normalised like stored tags. */
    static String queryTag(String raw) {
        TagList.Result result = TagList.normalise(List.of(raw));
        if (result.problem().isPresent()) {
            throw ApiException.invalidQuery("tag", result.problem().get());
        }
        return result.tags().getFirst();
    }

    /** The optional body of a view registration: {@code {fingerprint?}}, kept for analysis only. */
    static Optional<String> viewBody(ObjectNode body) {
        BodyFields fields = new BodyFields(body, Set.of("fingerprint"));
        Optional<String> fingerprint = fields.string("fingerprint", 256);
        fields.validate();
        return fingerprint;
    }

    private static List<String> tags(BodyFields fields) {
        Optional<List<String>> raw = fields.strings("tags", TagList.MAX_TAGS, TagList.MAX_LENGTH + 16);
        if (raw.isEmpty()) {
            return List.of();
        }
        TagList.Result result = TagList.normalise(raw.get());
        result.problem().ifPresent(problem -> fields.reject("tags", problem));
        return result.tags();
    }

    private static Optional<String> slug(BodyFields fields) {
        Optional<String> slug = fields.matching("slug", SLUG, "^[a-z0-9][a-z0-9-]{0,79}$");
        if (slug.isPresent() && slug.get().chars().allMatch(Character::isDigit)) {
            fields.reject("slug", "must not be all digits (it would read as an id)");
            return Optional.empty();
        }
        if (slug.isPresent() && RESERVED_SLUGS.contains(slug.get())) {
            fields.reject("slug", "is reserved");
            return Optional.empty();
        }
        return slug;
    }

    private static Optional<String> coverUrl(BodyFields fields) {
        Optional<String> url = fields.string("cover_url", URL_MAX);
        if (url.isEmpty()) {
            return url;
        }
        try {
            URI uri = URI.create(url.get());
            if (uri.isAbsolute()
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        fields.reject("cover_url", "must be an absolute http(s) URL");
        return Optional.empty();
    }
}
