package dev.nodes.operator.resource;

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
}
