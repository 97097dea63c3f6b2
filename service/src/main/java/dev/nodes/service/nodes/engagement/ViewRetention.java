package dev.nodes.service.nodes.engagement;

import dev.nodes.service.db.Database;

/** Drops the per-viewer rows of counted views after the retention period, in bounded batches. */
public final class ViewRetention {
    private static final System.Logger LOG = System.getLogger(ViewRetention.class.getName());
    private static final int BATCH = 5000;

    private final ViewRepository views;
    private final int retentionDays;

    public ViewRetention(Database database, int retentionDays) {
        this.views = new ViewRepository(database);
        this.retentionDays = retentionDays;
    }

    /** One pass; how many rows went. Counters and daily buckets are kept: only the per-viewer detail goes. */
    public long pruneOnce() {
        long removed = 0;
        long deleted;
        do {
            deleted = views.deleteDetailOlderThan(retentionDays, BATCH);
            removed += deleted;
        } while (deleted == BATCH);
        if (removed > 0) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "view retention: {0} rows older than {1} days removed",
                    removed,
                    retentionDays);
        }
        return removed;
    }
}
