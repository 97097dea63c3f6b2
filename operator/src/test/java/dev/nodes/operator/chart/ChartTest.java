package dev.nodes.operator.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.nodes.operator.ProjectPaths;
import dev.nodes.operator.resource.NodesPlatform;
import dev.nodes.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartTest {

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(ProjectPaths.chart()).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void defaultsRenderAClusterWideOperatorWithTheCrd() throws IOException {
        List<HasMetadata> objects = ChartRendering.parse(ChartRendering.render(Map.of()));
        for (HasMetadata o : objects) {
            assertFalse(o instanceof GenericKubernetesResource, "not a typed fabric8 object: " + o.getKind());
        }
        assertEquals(1, ChartRendering.ofType(objects, ClusterRole.class).size());
        assertEquals(1, ChartRendering.ofType(objects, ClusterRoleBinding.class).size());
        assertTrue(ChartRendering.ofType(objects, Role.class).isEmpty());
        assertEquals(1, ChartRendering.ofType(objects, ServiceAccount.class).size());

        CustomResourceDefinition rendered =
                ChartRendering.ofType(objects, CustomResourceDefinition.class).getFirst();
        CustomResourceDefinition checkedIn = new KubernetesSerialization()
                .unmarshal(Files.readString(ProjectPaths.checkedInCrd()), CustomResourceDefinition.class);
        assertEquals(checkedIn.getSpec(), rendered.getSpec(), "the chart's CRD must be the one in crds/");
        assertEquals(checkedIn.getMetadata().getName(), rendered.getMetadata().getName());
        assertEquals("keep", rendered.getMetadata().getAnnotations().get("helm.sh/resource-policy"));

        Deployment operator = ChartRendering.ofType(objects, Deployment.class).getFirst();
        PodSpec pod = operator.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().getFirst();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals("/healthz", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath());
        assertTrue(c.getResources().getLimits().containsKey("memory"));
        assertEquals("", env(c, "WATCH_NAMESPACES"));
        assertEquals("false", env(c, "LEADER_ELECTION_ENABLED"));
        assertEquals("2000", env(c, "METRICS_SCRAPE_TIMEOUT_MILLIS"));
        assertEquals("10", env(c, "METRICS_SCRAPE_MAX_PODS"));
        assertEquals("registry.example/nodes-operator:0.1.0", c.getImage());
    }

    @Test
    void oneWatchedNamespaceGetsANamespacedRoleAndNothingClusterWide() {
        List<HasMetadata> objects = ChartRendering.parse(ChartRendering.render(Map.of(
                "watchNamespaces[0]",
                "team-a",
                "watchNamespaces[1]",
                "team-b",
                "leaderElection.enabled",
                true,
                "replicaCount",
                2,
                "crd.install",
                false,
                "image.tag",
                "9.9.9",
                "example.enabled",
                true)));
        assertTrue(ChartRendering.ofType(objects, ClusterRole.class).isEmpty());
        assertTrue(ChartRendering.ofType(objects, ClusterRoleBinding.class).isEmpty());
        assertTrue(
                ChartRendering.ofType(objects, CustomResourceDefinition.class).isEmpty());
        List<Role> roles = ChartRendering.ofType(objects, Role.class);
        assertEquals(
                List.of("team-a", "team-b", ChartRendering.NAMESPACE),
                roles.stream().map(r -> r.getMetadata().getNamespace()).toList());
        assertEquals(
                "leases", roles.getLast().getRules().getFirst().getResources().getFirst());
        assertEquals(3, ChartRendering.ofType(objects, RoleBinding.class).size());

        Container c = ChartRendering.ofType(objects, Deployment.class)
                .getFirst()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst();
        assertEquals("team-a,team-b", env(c, "WATCH_NAMESPACES"));
        assertEquals("true", env(c, "LEADER_ELECTION_ENABLED"));
        assertEquals("registry.example/nodes-operator:9.9.9", c.getImage());

        NodesPlatform example =
                ChartRendering.ofType(objects, NodesPlatform.class).getFirst();
        assertEquals(List.of(), SpecValidator.validate(example.getSpec()), "the example must be a valid NodesPlatform");
        assertEquals(ChartRendering.NAMESPACE, example.getMetadata().getNamespace());
    }

    @Test
    void theRegressionWatchMayReadEndpointSlicesAndPodsButWriteNeither() {
        for (Map<String, Object> values :
                List.<Map<String, Object>>of(Map.of(), Map.of("watchNamespaces[0]", "team-a"))) {
            List<PolicyRule> rules = ChartRendering.operatorRules(ChartRendering.parse(ChartRendering.render(values)));
            assertEquals(List.of("list"), verbs(rules, "endpointslices"));
            assertEquals(List.of(), verbs(rules, "endpoints"), "v1 Endpoints are deprecated (1.33): not read");
            assertEquals(List.of("get", "list"), verbs(rules, "pods"));
            assertEquals(
                    List.of("list", "watch", "create"),
                    verbs(rules, "jobs"),
                    "profiling Jobs are created, never changed");
        }
    }

    @Test
    void childrenAreAppliedServerSideAndNeverReplaced() {
        List<PolicyRule> rules = ChartRendering.operatorRules(ChartRendering.parse(ChartRendering.render(Map.of())));
        for (String resource : List.of("configmaps", "services", "deployments")) {
            assertEquals(List.of("list", "watch", "create", "patch"), verbs(rules, resource), resource);
        }
    }

    private static List<String> verbs(List<PolicyRule> rules, String resource) {
        return rules.stream()
                .filter(r -> r.getResources().contains(resource))
                .flatMap(r -> r.getVerbs().stream())
                .toList();
    }

    @Test
    void valuesOutsideTheSchemaOrUnsafeCombinationsAreRefused() {
        assertThrows(RuntimeException.class, () -> ChartRendering.render(Map.of("replicaCount", -1)));
        assertThrows(RuntimeException.class, () -> ChartRendering.render(Map.of("regressionWatch.scrapeMaxPods", 0)));
        assertThrows(
                RuntimeException.class, () -> ChartRendering.render(Map.of("watchNamespaces[0]", "Not_A_Namespace")));
        assertThrows(
                RuntimeException.class,
                () -> ChartRendering.render(Map.of("replicaCount", 2)),
                "two replicas without leader election");
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow();
    }
}
