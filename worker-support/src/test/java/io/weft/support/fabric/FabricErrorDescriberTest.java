package io.weft.support.fabric;

import io.weft.contracts.event.JobError;
import io.weft.fabric.client.FabricException;
import io.weft.support.jobs.JobErrorCodes;
import io.weft.support.jobs.JobFailureException;
import io.weft.support.jobs.ResourceFailure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FabricErrorDescriberTest {

    private final FabricErrorDescriber describer = new FabricErrorDescriber();

    @Test
    void aFabricErrorKeepsFabricsCodeMessageAndRequestIdAndNamesTheResourceWorkedOn() {
        FabricException fabric = new FabricException("Workload_FailedToParseFile", "bad tmdl", "req-1", 400, false, List.of());
        JobError error = describer.describe(new ResourceFailure("Sales", fabric));

        assertThat(error).isEqualTo(new JobError("Workload_FailedToParseFile", "bad tmdl", "req-1", "Sales", false));
        assertThat(error.summary()).startsWith("[Workload_FailedToParseFile] bad tmdl");
    }

    @Test
    void withoutAResourceFailureTheResourceIsTheFirstFabricNamesInItsDetails() {
        FabricException fabric = new FabricException("ItemNotFound", "gone", "req-2", 404, true,
                List.of(new FabricException.ErrorDetail("X", "x", " ", null),
                        new FabricException.ErrorDetail("Y", "y", "item-7", "Item")));
        assertThat(describer.describe(new RuntimeException("wrapped", fabric)))
                .isEqualTo(new JobError("ItemNotFound", "gone", "req-2", "item-7", true));
    }

    @Test
    void aWorkersForeseenFailureKeepsItsCode() {
        assertThat(describer.describe(new JobFailureException("GraphModelNotFound", "none within 5m", null, true)))
                .isEqualTo(new JobError("GraphModelNotFound", "none within 5m", null, null, true));
        assertThat(describer.describe(new ResourceFailure("t1", new JobFailureException("Refused", "no", null, false))))
                .isEqualTo(new JobError("Refused", "no", null, "t1", false));
    }

    @Test
    void anUnforeseenFailureOnAResourceIsAnInternalErrorNeverAClassNameCode() {
        JobError error = describer.describe(new ResourceFailure("orders.csv", new IllegalStateException("boom")));
        assertThat(error.code()).isEqualTo(JobErrorCodes.INTERNAL_ERROR);
        assertThat(error.message()).isEqualTo("IllegalStateException: boom");
        assertThat(error.resource()).isEqualTo("orders.csv");
    }

    @Test
    void anythingElseIsLeftToTheRunner() {
        assertThat(describer.describe(new IllegalStateException("boom"))).isNull();
    }
}
