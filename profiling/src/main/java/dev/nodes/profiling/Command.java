package dev.nodes.profiling;

import java.io.PrintStream;
import java.util.List;

/** A subcommand of the tool; returns the process exit code instead of exiting, so tests can run it in-process. */
public interface Command {

    /** Exit code for a command line that could not be understood. */
    int USAGE = 2;

    int run(List<String> args, PrintStream out, PrintStream err);

    /** One line for the tool's help. */
    String summary();
}
