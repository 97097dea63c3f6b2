package dev.nodes.operator.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nodes.operator.migration.MigrationDecision.Action;
import dev.nodes.operator.resource.MigrationState;
import dev.nodes.operator.resource.MigrationStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class MigrationDecisionTest {
    static final String HASH = "abc1234567";
    static final String JOB = "np-migrate-" + HASH;

    static Job job(String conditionType, String reason, String message) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName(JOB).endMetadata();
        if (conditionType == null) {
            return b.withNewStatus().withActive(1).endStatus().build();
        }
        return b.withNewStatus()
                .addNewCondition()
                .withType(conditionType)
                .withStatus("True")
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .endCondition()
                .endStatus()
                .build();
    }

    static MigrationStatus previous(String hash, MigrationState state) {
        MigrationStatus s = new MigrationStatus();
        s.hash = hash;
        s.state = state;
        s.job = "np-migrate-" + hash;
        s.image = "img:1";
        return s;
    }

    @Test
    void disabledMigrationsApproveTheImageWithoutAJob() {
        MigrationDecision d = MigrationDecision.decide(false, HASH, JOB, "img:2", null, null);
        assertEquals(Action.DISABLED, d.action());
        assertTrue(d.imageApproved());
    }

    @Test
    void aNewHashCreatesAJobAndHoldsTheImage() {
        MigrationDecision d = MigrationDecision.decide(
                true, HASH, JOB, "img:2", null, previous("old0000000", MigrationState.Succeeded));
        assertEquals(Action.CREATE_JOB, d.action());
        assertFalse(d.imageApproved());
        assertEquals(MigrationState.Running, d.status().state);
        assertEquals(HASH, d.status().hash);
    }

    @Test
    void aRunningJobIsWaitedFor() {
        MigrationDecision d = MigrationDecision.decide(true, HASH, JOB, "img:2", job(null, null, null), null);
        assertEquals(Action.WAIT, d.action());
        assertFalse(d.imageApproved());
    }

    @Test
    void aSucceededJobApprovesTheImage() {
        MigrationDecision d = MigrationDecision.decide(true, HASH, JOB, "img:2", job("Complete", null, null), null);
        assertEquals(Action.SUCCEEDED, d.action());
        assertTrue(d.imageApproved());
        assertEquals("2026-01-01T00:00:00Z", d.status().finishedAt);
    }

    @Test
    void aFailedJobBlocksTheRolloutAndSaysWhy() {
        MigrationDecision d = MigrationDecision.decide(
                true,
                HASH,
                JOB,
                "img:2",
                job("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"),
                null);
        assertEquals(Action.FAILED, d.action());
        assertFalse(d.imageApproved());
        assertEquals("DeadlineExceeded: Job was active longer than specified deadline", d.status().message);
    }

    @Test
    void aSucceededMigrationWhoseJobWasCleanedUpIsNotRunAgain() {
        MigrationDecision d =
                MigrationDecision.decide(true, HASH, JOB, "img:1", null, previous(HASH, MigrationState.Succeeded));
        assertEquals(Action.SUCCEEDED, d.action());
        assertTrue(d.imageApproved());
    }

    @Test
    void aFailedMigrationWhoseJobWasCleanedUpStaysFailedUntilTheHashChanges() {
        MigrationDecision d =
                MigrationDecision.decide(true, HASH, JOB, "img:1", null, previous(HASH, MigrationState.Failed));
        assertEquals(Action.FAILED, d.action());
        assertFalse(d.imageApproved());
    }

    @Test
    void aJobRecordedAsRunningButNotCachedYetIsCreatedAgainIdempotently() {
        MigrationDecision d =
                MigrationDecision.decide(true, HASH, JOB, "img:1", null, previous(HASH, MigrationState.Running));
        assertEquals(Action.CREATE_JOB, d.action());
    }
}
