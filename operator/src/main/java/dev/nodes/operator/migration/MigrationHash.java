package dev.nodes.operator.migration;

import dev.nodes.operator.child.ContentHash;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.secret.SecretReferences;
import dev.nodes.operator.secret.SecretSnapshot;
import java.util.Map;

/**
 * What a migration depends on: the image (its migrations), the database it targets (Secret name and
 * URL, not the password, so a rotated password does not re-run it) and an optional retry annotation.
 */
public final class MigrationHash {
    /** Set or change this annotation on a NodesPlatform to re-run a failed migration for the same image. */
    public static final String RETRY_ANNOTATION = "platform.nodes.dev/migration-retry";

    private MigrationHash() {}

    public static String of(NodesPlatform np, SecretSnapshot secrets) {
        String db = np.getSpec().database.secretRef;
        Map<String, String> annotations = np.getMetadata().getAnnotations();
        String retry = annotations == null ? "" : annotations.getOrDefault(RETRY_ANNOTATION, "");
        return ContentHash.of(
                np.getSpec().image,
                db,
                secrets.value(db, SecretReferences.DB_URL).orElse(""),
                retry);
    }
}
