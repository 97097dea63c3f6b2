package dev.nodes.operator.resource;

public class ProfilingRun {
    public String job;
    public String reason;
    public String startedAt;
    public String finishedAt;
    public String captureId;
    public String result;
}
