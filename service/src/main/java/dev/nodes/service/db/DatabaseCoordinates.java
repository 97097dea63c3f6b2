package dev.nodes.service.db;

/** Where PostgreSQL is and how to log in. */
public record DatabaseCoordinates(String url, String user, String password) {
    @Override
    public String toString() {
        return "DatabaseCoordinates[url=" + url + ", user=" + user + "]";
    }
}
