package dev.nodes.operator.dependent;

import dev.nodes.operator.resource.NodesPlatform;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the workflow wrote in one reconcile, for the reconciler's Events and metrics: the workflow's result
 * does not say whether a dependent created, updated or left its resource, so the dependents tell it here.
 * The workflow runs its dependents on several threads.
 */
public final class ChildWrites {
    public enum Action {
        CREATED,
        UPDATED
    }

    public record Write(String kind, String name, Action action, String resourceVersion) {}

    private static final Object KEY = ChildWrites.class;
    private final List<Write> writes = new CopyOnWriteArrayList<>();

    private ChildWrites() {}

    /** A fresh log for this reconcile, where the dependents will find it. */
    public static ChildWrites startIn(Context<NodesPlatform> context) {
        ChildWrites log = new ChildWrites();
        context.managedWorkflowAndDependentResourceContext().put(KEY, log);
        return log;
    }

    static ChildWrites in(Context<NodesPlatform> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, ChildWrites.class);
    }

    void add(Write write) {
        writes.add(write);
    }

    public List<Write> all() {
        return List.copyOf(writes);
    }
}
