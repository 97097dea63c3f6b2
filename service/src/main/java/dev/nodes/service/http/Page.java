package dev.nodes.service.http;

import java.util.List;

/** One page of a keyset-paginated list: {@code {items, next_cursor}}. */
public record Page<T>(List<T> items, String nextCursor) {}
