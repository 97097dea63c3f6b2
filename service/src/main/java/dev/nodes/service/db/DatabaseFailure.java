package dev.nodes.service.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Why a request could not use the database: PostgreSQL itself is unreachable (an outage), or it is up and every
 * pooled connection stayed busy for the whole wait (overload). They need different answers: an outage makes
 * readiness fail, an overload does not.
 */
public enum DatabaseFailure {
    /** Connection refused or lost: SQL state class 08 (or a socket error) anywhere in the cause chain. */
    OUTAGE,
    /** The pool's wait ran out while PostgreSQL answers: Hikari's timeout with no connection failure behind it. */
    OVERLOADED,
    /** Not a connection problem. */
    NONE;

    public static DatabaseFailure of(Throwable e) {
        boolean poolTimeout = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return OUTAGE;
            }
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                        return OUTAGE;
                    }
                }
                if (t instanceof SQLTransientConnectionException) {
                    poolTimeout = true;
                }
            }
        }
        return poolTimeout ? OVERLOADED : NONE;
    }
}
