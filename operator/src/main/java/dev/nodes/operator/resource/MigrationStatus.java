package dev.nodes.operator.resource;

public class MigrationStatus {
    public String job;
    public String image;
    public String hash;
    public MigrationState state;
    public String finishedAt;
    /** Why it failed, from the Job's Failed condition. */
    public String message;
}
