package dev.nodes.operator.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.TestPlatforms;
import dev.nodes.operator.profiling.JobNumber;
import dev.nodes.operator.resource.NodesPlatform;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KubernetesNamesTest {
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    @Test
    void aShortNameIsUsedAsItIs() {
        NodesPlatform np = TestPlatforms.platform("ns", "nodes");
        assertEquals("nodes", ChildMetadata.serviceName(np));
        assertEquals("nodes-migrate-0123456789", ChildMetadata.migrationJobName(np, "0123456789"));
        assertEquals("nodes-profile-7", ChildMetadata.profilingJobName(np, 7));
        assertEquals("nodes", ChildMetadata.instanceLabel(np));
    }

    @Test
    void everyNameTheCrdAcceptsGivesChildNamesThatFit() {
        String longest = ("a".repeat(62) + ".").repeat(5).substring(0, 252) + "z"; // 253 characters with dots
        for (String name : List.of(
                "nodes",
                "x",
                "a".repeat(63),
                "a".repeat(64),
                "b".repeat(253),
                "my.platform.v2",
                "1st-platform",
                longest,
                "a".repeat(50) + "-" + "b".repeat(30))) {
            NodesPlatform np = TestPlatforms.platform("ns", name);
            String service = ChildMetadata.serviceName(np);
            assertTrue(service.length() <= 63 && DNS_1035.matcher(service).matches(), name + " -> " + service);
            String migration = ChildMetadata.migrationJobName(np, "0123456789");
            assertTrue(
                    migration.length() <= 63 && LABEL_VALUE.matcher(migration).matches(), name + " -> " + migration);
            String profiling = ChildMetadata.profilingJobName(np, 99_999_999);
            assertTrue(
                    profiling.length() <= 63 && LABEL_VALUE.matcher(profiling).matches(), name + " -> " + profiling);
            String label = ChildMetadata.instanceLabel(np);
            assertTrue(label.length() <= 63 && LABEL_VALUE.matcher(label).matches(), name + " -> " + label);
            assertEquals(
                    99_999_999, JobNumber.number(name, profiling), "the number is read back from the shortened name");
        }
        assertTrue(DNS_1123_LABEL
                .matcher(ChildMetadata.migrationJobName(TestPlatforms.platform("ns", "b".repeat(253)), "0123456789"))
                .matches());
    }

    @Test
    void twoLongNamesWithTheSamePrefixStayApart() {
        String a = "p".repeat(70) + "-alpha";
        String b = "p".repeat(70) + "-beta";
        assertNotEquals(
                KubernetesNames.fit(a, "-migrate-0123456789", 63), KubernetesNames.fit(b, "-migrate-0123456789", 63));
        assertNotEquals(
                ChildMetadata.serviceName(TestPlatforms.platform("ns", a)),
                ChildMetadata.serviceName(TestPlatforms.platform("ns", b)));
    }
}
