package dev.nodes.service;

import dev.nodes.contracts.ServiceSettings;
import dev.nodes.service.config.AppConfig;
import io.helidon.logging.common.LogConfig;

/**
 * Entry point. Subcommands: {@code serve} (default) runs the HTTP API and, unless disabled, the workers;
 * {@code migrate} applies the migrations, runs ANALYZE and exits (non-zero on failure); {@code worker} runs
 * only the workers, with health and metrics.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        String command = args.length == 0 ? "serve" : args[0];
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("nodes-service: " + e.getMessage());
            System.exit(2);
            return;
        }
        switch (command) {
            case ServiceSettings.COMMAND_SERVE -> runUntilStopped(config, ServiceApp.Mode.SERVE);
            case ServiceSettings.COMMAND_WORKER -> runUntilStopped(config, ServiceApp.Mode.WORKER);
            case ServiceSettings.COMMAND_MIGRATE -> System.exit(MigrateCommand.run(config));
            default -> {
                System.err.println("usage: nodes-service [serve|migrate|worker]");
                System.exit(2);
            }
        }
    }

    private static void runUntilStopped(AppConfig config, ServiceApp.Mode mode) {
        ServiceApp app;
        try {
            app = ServiceApp.start(config, mode);
        } catch (RuntimeException e) {
            // exit instead of lingering on the threads a half-started service left behind
            System.err.println("nodes-service: cannot start: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::drainThenClose, "shutdown"));
    }
}
