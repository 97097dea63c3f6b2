package dev.nodes.service.nodes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A node as the API returns it (never with its embedding vector). The fields that decide visibility come first
 * so {@link NodeHeader} can read them from a cached representation without parsing the content. The content is
 * null only in a summary listing ({@code GET /v1/nodes?view=summary}), and is then left out of the JSON.
 */
@JsonPropertyOrder({
    "id",
    "slug",
    "author_id",
    "is_public",
    "status",
    "version",
    "title",
    "cover_url",
    "tags",
    "views_count",
    "likes_count",
    "embedding_status",
    "created_at",
    "updated_at",
    "content"
})
public record Node(
        long id,
        String slug,
        UUID authorId,
        boolean isPublic,
        String status,
        int version,
        String title,
        String coverUrl,
        List<String> tags,
        long viewsCount,
        long likesCount,
        String embeddingStatus,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String content) {}
