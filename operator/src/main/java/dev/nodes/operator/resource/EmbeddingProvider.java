package dev.nodes.operator.resource;

import com.fasterxml.jackson.annotation.JsonValue;

public enum EmbeddingProvider {
    HASHING("hashing"),
    OPENAI("openai");

    private final String value;

    EmbeddingProvider(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }
}
