package dev.nodes.profiling.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nodes.profiling.admin.CaptureClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a profile run's capture says against the rollout's baseline capture: the frames whose share of samples grew
 * most (self time, the service's differential summary), in one line each. No baseline, or one that cannot be
 * compared, is said and never fails the run.
 *
 * @param baselineCaptureId the baseline it was compared with, or null when it was not
 * @param grewFrames        e.g. {@code PgStatement.executeQuery +12.3 pp (4.10% -> 16.4%)}, the largest first
 */
record CaptureComparison(UUID baselineCaptureId, List<String> grewFrames, String note) {

    static CaptureComparison of(CaptureClient captures, UUID capture, Optional<UUID> baseline) {
        if (baseline.isEmpty()) {
            return new CaptureComparison(null, List.of(), "no baseline capture for this rollout yet: nothing compared");
        }
        try {
            return fromSummary(
                    baseline.get(), captures.diffSummary(capture, baseline.get(), TerminationMessage.MAX_FRAMES));
        } catch (IOException | RuntimeException e) {
            return new CaptureComparison(
                    null, List.of(), "not compared with baseline capture " + baseline.get() + ": " + e.getMessage());
        }
    }

    /** From the diff route's JSON: {@code grew_by_self} entries with a positive change. */
    static CaptureComparison fromSummary(UUID baseline, JsonNode summary) {
        List<String> frames = new ArrayList<>();
        for (JsonNode change : summary.path("grew_by_self")) {
            double delta = change.path("delta_points").asDouble();
            if (delta > 0 && frames.size() < TerminationMessage.MAX_FRAMES) {
                frames.add(withFigures(
                        change.path("frame").asText(),
                        " +" + ProfileJobCommand.fmt(delta) + " pp ("
                                + ProfileJobCommand.fmt(
                                        change.path("before_percent").asDouble()) + "% -> "
                                + ProfileJobCommand.fmt(
                                        change.path("after_percent").asDouble()) + "%)"));
            }
        }
        String note = "vs baseline capture " + baseline + ": "
                + (frames.isEmpty() ? "no frame's share grew" : "grew most (self) " + String.join(", ", frames))
                + jitNote(summary);
        return new CaptureComparison(baseline, frames, note);
    }

    /** Shares of at least this much of the samples in the JIT compiler's threads are said: a JVM still warming up. */
    static final double JIT_NOTE_PERCENT = 5.0;

    /** The service ranks frames without the JIT compiler's threads; a large share of them is said beside. */
    static String jitNote(JsonNode summary) {
        double regressed = summary.path("regressed_jit_percent").asDouble();
        if (regressed < JIT_NOTE_PERCENT) {
            return "";
        }
        return "; the JIT compiler took " + ProfileJobCommand.fmt(regressed) + "% of the samples (baseline "
                + ProfileJobCommand.fmt(summary.path("baseline_jit_percent").asDouble())
                + "%): the JVM was still warming up, and the shares above are of the rest";
    }

    /**
     * The frame's short name and its figures in at most {@link TerminationMessage#MAX_FRAME} characters: a long name
     * (a C++ template) is cut, never the figures.
     */
    static String withFigures(String frame, String figures) {
        String name = shortFrame(frame);
        int room = TerminationMessage.MAX_FRAME - figures.length();
        return (name.length() <= room ? name : name.substring(0, Math.max(0, room - 1)) + "…") + figures;
    }

    /** {@code org/postgresql/core/PGStream.receive} -> {@code PGStream.receive}: one line per frame. */
    static String shortFrame(String frame) {
        int slash = frame.lastIndexOf('/');
        return slash < 0 ? frame : frame.substring(slash + 1);
    }
}
