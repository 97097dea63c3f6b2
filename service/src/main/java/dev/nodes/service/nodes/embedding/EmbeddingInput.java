package dev.nodes.service.nodes.embedding;

import java.util.List;

/** What a node's embedding is computed from: its title, tag slugs and content. */
public record EmbeddingInput(String title, List<String> tags, String content) {

    public EmbeddingInput {
        title = title == null ? "" : title;
        tags = tags == null ? List.of() : List.copyOf(tags);
        content = content == null ? "" : content;
    }

    /** One text for providers that embed plain text, cut to {@code maxChars} (remote models have input limits). */
    public String asText(int maxChars) {
        StringBuilder text = new StringBuilder(title);
        if (!tags.isEmpty()) {
            text.append("\n\ntags: ").append(String.join(", ", tags));
        }
        if (!content.isEmpty()) {
            text.append("\n\n").append(content);
        }
        if (text.length() <= maxChars) {
            return text.toString();
        }
        int end = maxChars;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end);
    }
}
