package io.weft.deployer.service;

import org.junit.jupiter.api.Test;

import static io.weft.contracts.command.DeploymentMode.DEV;
import static io.weft.contracts.command.DeploymentMode.PROD;
import static io.weft.deployer.service.DeploymentPlan.Action.CREATE;
import static io.weft.deployer.service.DeploymentPlan.Action.REFUSE_NAME_TAKEN;
import static io.weft.deployer.service.DeploymentPlan.Action.REFUSE_OVERWRITE;
import static io.weft.deployer.service.DeploymentPlan.Action.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

class DeploymentPlanTest {

    private static final String JOB = "job-7";

    @Test
    void absentModelIsCreatedInEitherMode() {
        assertThat(DeploymentPlan.decide(PROD, false, false, null, JOB)).isEqualTo(new DeploymentPlan(CREATE, "created"));
        assertThat(DeploymentPlan.decide(DEV, false, false, null, JOB)).isEqualTo(new DeploymentPlan(CREATE, "created"));
    }

    @Test
    void prodRefusesAnExistingModelWithoutConfirmationAndUpdatesWithIt() {
        assertThat(DeploymentPlan.decide(PROD, false, true, "someone else's", JOB).action()).isEqualTo(REFUSE_OVERWRITE);
        assertThat(DeploymentPlan.decide(PROD, true, true, "someone else's", JOB)).isEqualTo(new DeploymentPlan(UPDATE, "updated"));
    }

    @Test
    void devNeverTouchesAModelItDidNotCreate() {
        assertThat(DeploymentPlan.decide(DEV, true, true, DeploymentMarker.created(null, "other-job"), JOB).action())
                .isEqualTo(REFUSE_NAME_TAKEN);
    }

    @Test
    void aRedeliveryContinuesOnWhatItsEarlierAttemptDid() {
        assertThat(DeploymentPlan.decide(PROD, false, true, DeploymentMarker.created("Sales", JOB), JOB))
                .isEqualTo(new DeploymentPlan(UPDATE, "created"));
        assertThat(DeploymentPlan.decide(DEV, false, true, DeploymentMarker.created(null, JOB), JOB))
                .isEqualTo(new DeploymentPlan(UPDATE, "created"));
        assertThat(DeploymentPlan.decide(PROD, true, true, DeploymentMarker.updated("Sales", JOB), JOB))
                .isEqualTo(new DeploymentPlan(UPDATE, "updated"));
    }

    @Test
    void markersAreExactAboutTheJob() {
        String description = DeploymentMarker.created("Sales by customer", "job-70");

        assertThat(DeploymentMarker.createdBy(description, "job-70")).isTrue();
        assertThat(DeploymentMarker.createdBy(description, "job-7")).isFalse();
        assertThat(DeploymentMarker.withoutMark(description)).isEqualTo("Sales by customer");
        assertThat(DeploymentMarker.updated(description, "job-8")).isEqualTo("Sales by customer [weft:updated-by:job-8]");
        assertThat(DeploymentMarker.created("x".repeat(400), "job-9")).hasSize(256).endsWith("… [weft:created-by:job-9]");
    }
}
