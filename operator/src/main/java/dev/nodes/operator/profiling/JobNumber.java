package dev.nodes.operator.profiling;

import dev.nodes.operator.child.ChildMetadata;
import java.util.Collection;

/** Profiling Jobs are numbered 1, 2, 3...: the next number follows the highest seen in status or in the cluster. */
public final class JobNumber {
    private JobNumber() {}

    public static long next(String npName, String lastJobInStatus, Collection<String> existingJobNames) {
        long max = number(npName, lastJobInStatus);
        for (String name : existingJobNames) {
            max = Math.max(max, number(npName, name));
        }
        return max + 1;
    }

    /** The n of {@code <npName>-profile-<n>}; 0 for any other name. */
    public static long number(String npName, String jobName) {
        String prefix = ChildMetadata.profilingJobPrefix(npName);
        if (jobName == null || !jobName.startsWith(prefix)) {
            return 0;
        }
        try {
            return Long.parseLong(jobName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
