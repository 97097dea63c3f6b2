package dev.nodes.operator.resource;

import java.util.List;

/** The last profiling or benchmark Job the operator started, and how it ended. */
public class ProfilingRun {
    public String job;
    /** profile (benchmark and capture) or benchmark (benchmark only). */
    public String mode;

    public String reason;
    public String startedAt;
    public String finishedAt;
    public String captureId;
    /** ok, regressed or failed (from the Job's termination message); succeeded or failed (from the Job's condition); unknown. */
    public String result;

    public String summary;
    /** The baseline capture this run's capture was compared with (profile mode), or null. */
    public String baselineCaptureId;
    /** The frames whose share of samples grew most against the baseline capture, at most three. */
    public List<String> regressedFrames;
}
