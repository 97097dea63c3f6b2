package dev.nodes.profiling;

import dev.nodes.contracts.ProfileJobContract;
import dev.nodes.profiling.bench.BenchCommand;
import dev.nodes.profiling.faults.FaultsCommand;
import dev.nodes.profiling.job.ProfileJobCommand;
import dev.nodes.profiling.profile.ProfileCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code nodes-profiling}: {@code java -jar nodes-profiling.jar <subcommand> [options]}.
 * Subcommands register in {@link #commands()}: {@code bench} is the HTTP load generator, {@code profile} writes the
 * flame graphs of {@code var/profiling/}, {@code profile-job} is what the operator's profiling Job runs, {@code faults}
 * is the fault suite.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("bench", new BenchCommand());
        commands.put("profile", new ProfileCommand());
        commands.put(ProfileJobContract.COMMAND, new ProfileJobCommand());
        commands.put("faults", new FaultsCommand());
        return commands;
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.getFirst())) {
            printUsage(args.isEmpty() ? err : out, commands);
            return args.isEmpty() ? Command.USAGE : 0;
        }
        Command command = commands.get(args.getFirst());
        if (command == null) {
            err.println("unknown subcommand: " + args.getFirst());
            printUsage(err, commands);
            return Command.USAGE;
        }
        return command.run(args.subList(1, args.size()), out, err);
    }

    private static void printUsage(PrintStream stream, Map<String, Command> commands) {
        stream.println(
                "usage: java -jar nodes-profiling.jar <subcommand> [options]   (<subcommand> --help for its options)");
        commands.forEach((name, command) -> stream.printf("  %-12s %s%n", name, command.summary()));
    }
}
