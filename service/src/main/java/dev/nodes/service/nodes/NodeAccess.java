package dev.nodes.service.nodes;

import dev.nodes.service.auth.Caller;
import dev.nodes.service.http.ApiException;

/**
 * Who may see and change a node. Others see a node only when it is public and not a draft; the author and
 * admins see everything. Someone who cannot see a node gets 404 on every route of it (existence never leaks);
 * someone who can see but not change it gets 403 on writes.
 */
public final class NodeAccess {
    private NodeAccess() {}

    public static boolean canSee(Caller caller, NodeHeader node) {
        return isOwnerOrAdmin(caller, node)
                || (node.isPublic() && !node.status().equals("draft"));
    }

    public static void requireVisible(Caller caller, NodeHeader node) {
        if (!canSee(caller, node)) {
            throw ApiException.notFound("node");
        }
    }

    public static void requireEditable(Caller caller, NodeHeader node) {
        requireVisible(caller, node);
        if (!isOwnerOrAdmin(caller, node)) {
            throw ApiException.forbidden("only the author or an admin may change this node");
        }
    }

    private static boolean isOwnerOrAdmin(Caller caller, NodeHeader node) {
        return caller.isAdmin() || caller.userId().equals(node.authorId());
    }
}
