package dev.nodes.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    @Test
    void theRegressionWatchsScrapeSettingsComeFromTheEnvironment() {
        OperatorSettings defaults = OperatorSettings.fromEnvironment(Map.of());
        assertEquals(Duration.ofSeconds(2), defaults.scrapeTimeout());
        assertEquals(10, defaults.scrapeMaxPods());
        OperatorSettings set = OperatorSettings.fromEnvironment(
                Map.of("METRICS_SCRAPE_TIMEOUT_MILLIS", "500", "METRICS_SCRAPE_MAX_PODS", "3"));
        assertEquals(Duration.ofMillis(500), set.scrapeTimeout());
        assertEquals(3, set.scrapeMaxPods());
        assertEquals(3, OperatorAssembly.scraper(set).maxPods());
    }
}
