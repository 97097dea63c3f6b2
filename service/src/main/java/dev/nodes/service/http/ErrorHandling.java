package dev.nodes.service.http;

import dev.nodes.service.db.DatabaseFailure;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.sql.SQLException;
import java.util.function.Consumer;

/** Maps every failure to the contract's error body; clients never see a stack trace or another shape. */
public final class ErrorHandling {
    private static final System.Logger LOG = System.getLogger(ErrorHandling.class.getName());

    private final Consumer<Throwable> outageSeen;

    /** @param outageSeen told of each failure that says PostgreSQL is unreachable (so the next requests fail fast) */
    public ErrorHandling(Consumer<Throwable> outageSeen) {
        this.outageSeen = outageSeen;
    }

    public void register(HttpRouting.Builder routing) {
        routing.error(Exception.class, this::respond);
    }

    /** Answers a failure in the contract's shape: ours as they are, a database that is down or busy as a 503. */
    public void respond(ServerRequest req, ServerResponse res, Exception e) {
        if (e instanceof ApiException api) {
            Responses.error(res, api);
            return;
        }
        switch (DatabaseFailure.of(e)) {
            case OUTAGE -> {
                outageSeen.accept(e);
                LOG.log(System.Logger.Level.WARNING, "database unavailable: " + e.getMessage());
                Responses.error(
                        res,
                        new ApiException(
                                Status.SERVICE_UNAVAILABLE_503,
                                "unavailable",
                                "the database is not available, try again shortly"));
                return;
            }
            case OVERLOADED -> {
                // PostgreSQL answers, but no pooled connection came free in time: the service is busy
                LOG.log(System.Logger.Level.WARNING, "database pool exhausted: " + e.getMessage());
                Responses.error(
                        res,
                        new ApiException(
                                Status.SERVICE_UNAVAILABLE_503,
                                "overloaded",
                                "the service is overloaded (no database connection came free in time), try again shortly"));
                return;
            }
            case NONE -> {}
        }
        LOG.log(
                System.Logger.Level.ERROR,
                "unhandled error on " + req.prologue().method().text() + " "
                        + req.path().absolute().path(),
                e);
        Responses.error(
                res, new ApiException(Status.INTERNAL_SERVER_ERROR_500, "internal", "an unexpected error occurred"));
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
