package dev.nodes.service.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.service.db.DatabaseCoordinates;
import dev.nodes.service.testing.Sql;
import dev.nodes.service.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EXPLAIN of the listing's own SQL on 20 000 cases: each filter is served by its expression index. */
class ModerationIndexTest {
    private static final UUID ASSIGNEE = UUID.randomUUID();
    private static DatabaseCoordinates coordinates;
    private static Sql sql;

    @BeforeAll
    static void seed() {
        coordinates = TestDatabases.create();
        sql = new Sql(coordinates);
        // 0.2 % escalated, 0.1 % dismissed, 1 % type "Spam" (mixed case as stored), 1 % queue "Appeals",
        // 0.5 % assigned to ASSIGNEE, 0.2 % mention "counterfeit"; the rest is the common case
        sql.execute("""
                INSERT INTO moderation_cases (title, description, status, type, queue, assignee_id, created_by, created_at)
                SELECT 'Case ' || g || CASE WHEN g % 500 = 0 THEN ' counterfeit goods' ELSE ' routine check' END,
                       'generated',
                       CASE WHEN g % 500 = 2 THEN 'escalated' WHEN g % 1000 = 1 THEN 'dismissed' ELSE 'open' END,
                       CASE WHEN g % 100 = 7 THEN 'Spam' ELSE 'general' END,
                       CASE WHEN g % 100 = 3 THEN 'Appeals' ELSE 'default' END,
                       CASE WHEN g % 200 = 5 THEN ?::uuid WHEN g % 2 = 0 THEN gen_random_uuid() END,
                       gen_random_uuid(),
                       now() - make_interval(secs => g)
                FROM generate_series(1, 20000) g""", ASSIGNEE.toString());
        sql.execute("ANALYZE moderation_cases");
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(coordinates);
    }

    private static CaseFilter filter(
            List<String> statuses, List<String> types, List<String> queues, List<UUID> assignees, String q) {
        return new CaseFilter(statuses, types, queues, assignees, Optional.ofNullable(q));
    }

    @Test
    void atLeastTwentyThousandCases() {
        assertTrue(sql.count("moderation_cases") >= 20_000);
    }

    @Test
    void statusTypeQueueAndAssigneeFiltersUseTheirIndexes() {
        assertUses("moderation_cases_status_idx", filter(List.of("escalated"), List.of(), List.of(), List.of(), null));
        assertUses(
                "moderation_cases_status_idx",
                filter(List.of("escalated", "dismissed"), List.of(), List.of(), List.of(), null));
        assertUses("moderation_cases_type_idx", filter(List.of(), List.of("spam"), List.of(), List.of(), null));
        assertUses("moderation_cases_queue_idx", filter(List.of(), List.of(), List.of("appeals"), List.of(), null));
        assertUses("moderation_cases_assignee_idx", filter(List.of(), List.of(), List.of(), List.of(ASSIGNEE), null));
        assertUses("moderation_cases_listing_idx", filter(List.of(), List.of(), List.of(), List.of(), null));
    }

    /**
     * {@code q} is ILIKE on title and description. On 20 000 short rows the planner rightly prefers one sequential
     * scan (about 10 ms); this checks that the trigram indexes match the query's expressions, so larger tables get
     * them, by taking the cheaper alternatives away from the planner.
     */
    @Test
    void searchCanUseTheTrigramIndexesWhereTheExtensionExists() {
        CaseFilter search = filter(List.of(), List.of(), List.of(), List.of(), "counterfeit");
        if (sql.longValue("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == 1) {
            String plan = explain(
                    ModerationRepository.listQuery(search, Optional.empty(), 21),
                    "SET enable_seqscan = off",
                    "SET enable_indexscan = off");
            assertTrue(
                    plan.contains("moderation_cases_title_trgm_idx")
                            && plan.contains("moderation_cases_description_trgm_idx"),
                    plan);
        }
        assertEquals(40, sql.longValue("SELECT count(*) FROM moderation_cases WHERE title ILIKE '%counterfeit%'"));
    }

    private static void assertUses(String index, CaseFilter filter) {
        ModerationRepository.ListQuery query = ModerationRepository.listQuery(filter, Optional.empty(), 21);
        String plan = explain(query);
        assertTrue(plan.contains(index), "expected " + index + " in\n" + plan);
        assertFalse(plan.contains("Seq Scan"), plan);
    }

    private static String explain(ModerationRepository.ListQuery query, String... settings) {
        try (Connection c = DriverManager.getConnection(coordinates.url(), coordinates.user(), coordinates.password());
                PreparedStatement s = c.prepareStatement("EXPLAIN " + query.sql())) {
            for (String setting : settings) {
                c.createStatement().execute(setting);
            }
            for (int i = 0; i < query.params().size(); i++) {
                s.setObject(i + 1, query.params().get(i));
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
