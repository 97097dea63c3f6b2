package dev.nodes.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.nodes.operator.ProjectPaths;
import dev.nodes.operator.resource.NodesPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders the chart with helm-java (Helm itself, in-process) and parses the result as fabric8 objects. */
public final class ChartRendering {
    public static final String RELEASE = "nodes";
    public static final String NAMESPACE = "nodes-system";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static {
        SERIALIZATION.registerKubernetesResource(NodesPlatform.class);
    }

    private ChartRendering() {}

    public static String render(Map<String, Object> values) {
        TemplateCommand template =
                new Helm(ProjectPaths.chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template.call();
    }

    public static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return objects;
    }

    public static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The operator's rules as rendered: the ClusterRole's, or the first namespaced Role's. */
    public static List<PolicyRule> operatorRules(List<HasMetadata> objects) {
        List<ClusterRole> clusterRoles = ofType(objects, ClusterRole.class);
        if (!clusterRoles.isEmpty()) {
            return clusterRoles.getFirst().getRules();
        }
        return ofType(objects, Role.class).stream()
                .filter(r -> !r.getMetadata().getName().endsWith("-leader-election"))
                .findFirst()
                .orElseThrow()
                .getRules();
    }
}
