package dev.nodes.service.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Closes the connection once a request that asked for it ({@code Connection: close}) is answered. Helidon 4.5.0
 * answers with the header but goes on reading the socket (helidon-io/helidon#12324, fixed after 4.5.3, which Maven
 * Central does not serve here), so a client reading to the end of the stream would hang.
 */
public final class ConnectionCloseFilter implements Filter {
    private final ErrorHandling errors;

    public ConnectionCloseFilter(ErrorHandling errors) {
        this.errors = errors;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
            chain.proceed();
            return;
        }
        try {
            chain.proceed();
        } catch (RequestException | CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            if (res.isSent()) {
                throw e;
            }
            // answered here rather than by the routing's error handlers, which run after every filter: the close
            // below then follows error answers too
            errors.respond(req, res, e);
        }
        if (res.isSent()) {
            // the one exception Helidon's connection loop lets through: it closes the socket after the sent answer
            throw new CloseConnectionException("closed at the client's request (Connection: close)");
        }
    }
}
