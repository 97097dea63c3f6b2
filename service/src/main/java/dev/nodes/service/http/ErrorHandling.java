package dev.nodes.service.http;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;

/** Maps every failure to the contract's error body; clients never see a stack trace or another shape. */
public final class ErrorHandling {
    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private ErrorHandling() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> Responses.error(res, e))
                .error(Exception.class, (req, res, e) -> {
                    if (isDatabaseUnavailable(e)) {
                        LOG.log(System.Logger.Level.WARNING, "database unavailable: " + e.getMessage());
                        Responses.error(res, new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable",
                                "the database is not available, try again shortly"));
                        return;
                    }
                    LOG.log(System.Logger.Level.ERROR, "unhandled error on " + req.prologue().method().text()
                            + " " + req.path().absolute().path(), e);
                    Responses.error(res, new ApiException(Status.INTERNAL_SERVER_ERROR_500, "internal",
                            "an unexpected error occurred"));
                });
    }

    /** True when the cause is a lost or refused connection (SQL state class 08, or no pooled connection). */
    public static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** The SQL state of the first SQLException in the cause chain, e.g. 23505 for a unique violation. */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }
}
