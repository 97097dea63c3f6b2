package dev.nodes.e2e;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The suite's steps build on each other: once one failed, each later step fails at once, naming the step that
 * broke the story, instead of waiting out its timeouts against a platform that is not there.
 */
final class StepsInOrder implements TestWatcher, BeforeTestExecutionCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StepsInOrder.class);

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        // the first failure is the one that matters
        context.getParent()
                .orElseThrow()
                .getStore(NS)
                .computeIfAbsent("failed", k -> context.getDisplayName() + ": " + cause, String.class);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        Optional<String> failed = Optional.ofNullable(
                context.getParent().orElseThrow().getStore(NS).get("failed", String.class));
        if (failed.isPresent()) {
            throw new AssertionError("not run: an earlier step failed (" + failed.get() + ")");
        }
        System.err.println("e2e: " + context.getRequiredTestMethod().getName());
    }
}
