package dev.nodes.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.auth.Role;
import dev.nodes.service.config.AppConfig;
import dev.nodes.service.testing.HttpTestClient;
import dev.nodes.service.testing.HttpTestClient.Response;
import dev.nodes.service.testing.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the service starts: embedded database by default, worker mode, and a database that is down. */
class ServiceModesTest {

    @Test
    void withNoDatabaseConfiguredItStartsAnEmbeddedPostgresqlAndMigrates() throws Exception {
        Path dataDir = Files.createTempDirectory("nodes-embedded-");
        AppConfig config = AppConfig.from(Map.of(
                "APP_HTTP_HOST",
                "127.0.0.1",
                "APP_HTTP_PORT",
                "0",
                "APP_DATA_DIR",
                dataDir.toString(),
                "APP_JWT_SECRET",
                TestService.JWT_SECRET));
        try (ServiceApp app = ServiceApp.start(config, ServiceApp.Mode.SERVE)) {
            HttpTestClient http = new HttpTestClient("http://127.0.0.1:" + app.port());
            assertEquals(200, http.get("/health/ready", null).status());
            Response created = http.post("/v1/nodes", TestService.token("embedded", Role.USER), "{\"title\":\"t\"}");
            assertEquals(201, created.status(), created.body());
            assertTrue(Files.isDirectory(dataDir.resolve("pgdata")), "data kept under APP_DATA_DIR");
        }
    }

    @Test
    void workerModeServesHealthAndMetricsButNotTheApi() {
        try (TestService api = TestService.start()) {
            AppConfig config = AppConfig.from(Map.of(
                    "APP_HTTP_HOST",
                    "127.0.0.1",
                    "APP_HTTP_PORT",
                    "0",
                    "APP_DB_URL",
                    api.database().url(),
                    "APP_DB_USER",
                    api.database().user(),
                    "APP_DB_PASSWORD",
                    api.database().password(),
                    "APP_MIGRATE_ON_START",
                    "false",
                    "APP_JWT_SECRET",
                    TestService.JWT_SECRET));
            try (ServiceApp worker = ServiceApp.start(config, ServiceApp.Mode.WORKER)) {
                HttpTestClient http = new HttpTestClient("http://127.0.0.1:" + worker.port());
                assertEquals(200, http.get("/health/ready", null).status());
                assertEquals(200, http.get("/metrics", null).status());
                assertEquals(
                        404,
                        http.get("/v1/nodes", TestService.token("w", Role.USER)).status());
            }
        }
    }

    @Test
    void aDatabaseThatIsDownMakesReadinessAndRequests503NotAStartupCrash() {
        AppConfig config = AppConfig.from(Map.of(
                "APP_HTTP_HOST",
                "127.0.0.1",
                "APP_HTTP_PORT",
                "0",
                "APP_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1",
                "APP_DB_USER",
                "x",
                "APP_MIGRATE_ON_START",
                "false",
                "APP_JWT_SECRET",
                TestService.JWT_SECRET));
        try (ServiceApp app = ServiceApp.start(config, ServiceApp.Mode.SERVE)) {
            HttpTestClient http = new HttpTestClient("http://127.0.0.1:" + app.port());
            assertEquals(200, http.get("/health/live", null).status());
            assertEquals(503, http.get("/health/ready", null).status());
            Response list = http.get("/v1/nodes", TestService.token("down", Role.USER));
            assertEquals(503, list.status(), list.body());
            assertEquals("unavailable", list.errorCode());
            assertEquals("1", list.header("Retry-After"));
        }
    }

    @Test
    void badConfigurationIsRefusedWithEveryProblemNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> AppConfig.from(
                        Map.of("APP_HTTP_PORT", "eighty", "APP_NODES_CACHE_TTL", "0", "APP_WORKERS_ENABLED", "maybe")));
        assertTrue(
                e.getMessage().contains("APP_HTTP_PORT")
                        && e.getMessage().contains("APP_NODES_CACHE_TTL")
                        && e.getMessage().contains("APP_WORKERS_ENABLED"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AppConfig.from(Map.of("APP_JWT_SECRET", "short")));
        assertThrows(IllegalArgumentException.class, () -> AppConfig.from(Map.of("APP_ENV", "production")));
    }
}
