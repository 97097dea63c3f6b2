package dev.nodes.profiling;

import dev.nodes.profiling.bench.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code --option value} (or {@code --option=value}) pairs of a subcommand's command line, with the checks
 * every subcommand needs; problems are {@link UsageException}s naming the option.
 */
public final class Args {
    /** One option and its value, in command-line order. */
    public record Option(String name, String value) {}

    private Args() {}

    public static List<Option> pairs(List<String> args) {
        List<String> queue = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                queue.add(arg.substring(0, eq));
                queue.add(arg.substring(eq + 1));
            } else {
                queue.add(arg);
            }
        }
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
            String name = queue.get(i);
            if (!name.startsWith("--")) {
                throw new UsageException("unexpected argument: " + name);
            }
            if (i + 1 >= queue.size()) {
                throw new UsageException(name + " needs a value");
            }
            options.add(new Option(name, queue.get(++i)));
        }
        return options;
    }

    public static String nonBlank(Option option) {
        if (option.value().isBlank()) {
            throw new UsageException(option.name() + " must not be empty");
        }
        return option.value();
    }

    public static int integer(Option option, int min, int max) {
        try {
            int parsed = Integer.parseInt(option.value().strip());
            if (parsed < min || parsed > max) {
                throw new UsageException(
                        option.name() + " must be between " + min + " and " + max + ": " + option.value());
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(option.name() + " must be a whole number: " + option.value());
        }
    }

    public static double decimal(Option option, double min, double max) {
        try {
            double parsed = Double.parseDouble(option.value().strip());
            if (!(parsed >= min && parsed <= max)) {
                throw new UsageException(
                        option.name() + " must be between " + min + " and " + max + ": " + option.value());
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(option.name() + " must be a number: " + option.value());
        }
    }

    public static String oneOf(Option option, Set<String> allowed) {
        String value = option.value().strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new UsageException(option.name() + " must be one of "
                    + String.join(", ", allowed.stream().sorted().toList()) + ": " + option.value());
        }
        return value;
    }
}
