package dev.nodes.service.profiling;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a capture samples: CPU time, wall-clock time of all threads, or heap allocations. */
public enum ProfileEvent {
    CPU,
    WALL,
    ALLOC;

    public static final Set<String> NAMES =
            Arrays.stream(values()).map(ProfileEvent::wireName).collect(Collectors.toSet());

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProfileEvent fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
