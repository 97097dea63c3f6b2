package dev.nodes.service.health;

import dev.nodes.service.db.Database;
import dev.nodes.service.http.MethodNotAllowed;
import dev.nodes.service.http.Responses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /health/live} and {@code /health/ready}: ready while PostgreSQL answers; the cache is reported. */
public final class HealthRoutes implements HttpService {
    private static final Duration BESIDE_THE_POOL = Duration.ofSeconds(2);
    private final Database database;
    private final Supplier<CacheHealth> cacheHealth;
    private final BooleanSupplier draining;

    /** @param draining true once the process is shutting down: readiness turns 503 while requests are still served */
    public HealthRoutes(Database database, Supplier<CacheHealth> cacheHealth, BooleanSupplier draining) {
        this.database = database;
        this.cacheHealth = cacheHealth;
        this.draining = draining;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/live", (req, res) -> Responses.json(res, Status.OK_200, Map.of("status", "UP")))
                .any("/live", MethodNotAllowed.handler())
                .get("/ready", this::ready)
                .any("/ready", MethodNotAllowed.handler());
    }

    private void ready(ServerRequest req, ServerResponse res) {
        if (draining.getAsBoolean()) {
            Responses.json(res, Status.SERVICE_UNAVAILABLE_503, Map.of("status", "DRAINING"));
            return;
        }
        // a full pool is load, not an outage: then PostgreSQL is asked beside the pool instead of waiting in line
        boolean saturated = database.poolSaturated();
        boolean databaseUp =
                saturated ? database.answersOutsideThePool(BESIDE_THE_POOL) : database.answers(BESIDE_THE_POOL);
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("database", databaseUp ? "UP" : "DOWN");
        checks.put("pool", saturated ? "SATURATED" : "OK");
        CacheHealth cache = cacheHealth.get();
        checks.put("cache", Map.of("status", cache.degraded() ? "DEGRADED" : "UP", "backend", cache.backend()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", databaseUp ? "UP" : "DOWN");
        body.put("checks", checks);
        Responses.json(res, databaseUp ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }
}
