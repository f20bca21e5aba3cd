package io.weft.support.jobs;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobSucceeded;
import io.weft.testsupport.kafka.HostileRecords;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.HostileRecords.Published;
import io.weft.testsupport.kafka.TopicReader;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner against the hostile corpus, through the real broker: every record that is not a command it can read
 * is dead-lettered with a reason and fails the job it names, and a valid command behind them on the same
 * partition still runs.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class HostileCommandsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Inject
    CommandPublisher publisher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void noRecordStopsTheRunner() {
        ProvisionGraphScenario valid = WiringTest.command("after-the-storm");
        List<Published> published = HostileRecords.publish(bootstrapServers, Topics.PROVISION_COMMANDS, valid.workspace(),
                HostileRecords.corpus(MessageType.PROVISION_GRAPH_SCENARIO, MessageType.DEPLOY_SEMANTIC_MODEL));
        publisher.publish(valid);

        try (TopicReader events = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            events.awaitUntil(TIMEOUT, all -> all.stream()
                    .anyMatch(r -> valid.jobId().equals(r.key()) && r.message() instanceof JobSucceeded));
        }
        Map<String, String> reasons = HostileRecords.awaitDeadLettered(bootstrapServers, Topics.PROVISION_DEAD_LETTERS,
                published, TIMEOUT);
        assertThat(reasons).hasSize(published.size()).allSatisfy((kind, reason) -> assertThat(reason).as(kind).isNotBlank());
        assertThat(reasons.get("batch-format")).contains("batch format is not accepted");
        assertThat(reasons.get("structured-spec-0.3")).contains("specversion '0.3' is not supported");
        assertThat(reasons.get("binary-512KiB-header")).contains("record headers");
        assertThat(reasons.get("structured-data-and-data_base64")).contains("both data and data_base64");
        Map<String, JobFailed> failed = HostileRecords.awaitJobsFailed(bootstrapServers, published, TIMEOUT);
        assertThat(failed.values()).allSatisfy(f -> assertThat(f.error().code()).isEqualTo("InvalidCommand"));
    }
}
