package io.weft.support.jobs;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link GroupMembership} does to the Kafka clients' configurations; the takeover itself is WorkerRestartIT's. */
class GroupMembershipTest {

    private static final Map<String, Object> CONSUMER = Map.of(ConsumerConfig.GROUP_ID_CONFIG, "provisioner",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringDeserializer");

    @Test
    void aConsumerJoinsAsAStaticMemberWithAShortSessionAndTheCooperativeAssignor() {
        Map<String, Object> config = membership(true, Optional.of("worker-7"), 8082).customize("provision-commands", null, CONSUMER);

        assertThat(config).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "worker-7")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000")
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000")
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName())
                .containsAllEntriesOf(CONSUMER);
    }

    @Test
    void settingsGivenToTheKafkaClientExplicitlyWin() {
        Map<String, Object> explicit = new java.util.HashMap<>(CONSUMER);
        explicit.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        explicit.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "set-on-the-channel");

        assertThat(membership(true, Optional.of("worker-7"), 8082).customize("provision-commands", null, explicit))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000")
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "set-on-the-channel");
    }

    @Test
    void withStaticMembershipOffAConsumerHasNoInstanceIdButTheShortSession() {
        assertThat(membership(false, Optional.empty(), 8082).customize("provision-commands", null, CONSUMER))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    }

    @Test
    void producersAreLeftAlone() {
        // The dead-letter producer is configured from the incoming channel's attributes, group.id included.
        Map<String, Object> producer = Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer",
                ConsumerConfig.GROUP_ID_CONFIG, "provisioner");

        assertThat(membership(true, Optional.empty(), 8082).customize("provision-commands", null, producer)).isEqualTo(producer);
        assertThat(membership(true, Optional.empty(), 8082).customize("job-events", null, Map.of())).isEmpty();
    }

    @Test
    void theDefaultIdIsTheHostAndTheHttpPort() {
        GroupMembership membership = membership(true, Optional.empty(), 8082);

        assertThat(membership.instanceId()).endsWith("-8082").matches("[a-zA-Z0-9._-]+")
                .isEqualTo(membership(true, Optional.empty(), 8082).instanceId())
                .isNotEqualTo(membership(true, Optional.empty(), 8092).instanceId());
    }

    @Test
    void aRandomHttpPortGivesARandomIdNotACollision() {
        assertThat(membership(true, Optional.empty(), 0).instanceId()).isNotEqualTo(membership(true, Optional.empty(), 0).instanceId());
    }

    @Test
    void anInvalidIdOrHeartbeatIsRefusedAtStartWithTheKeyToFix() {
        assertThatThrownBy(() -> membership(true, Optional.of("worker 7/a"), 8082))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weft.worker.group.instance-id");
        assertThatThrownBy(() -> new GroupMembership(config(true, Optional.empty(), Duration.ofSeconds(6), Duration.ofSeconds(6)), 8082))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weft.worker.group.heartbeat-interval");
    }

    private static GroupMembership membership(boolean staticMembership, Optional<String> instanceId, int httpPort) {
        return new GroupMembership(config(staticMembership, instanceId, Duration.ofSeconds(6), Duration.ofSeconds(1)), httpPort);
    }

    private static WorkerConfig config(boolean staticMembership, Optional<String> instanceId, Duration session, Duration heartbeat) {
        WorkerConfig.Group group = new WorkerConfig.Group() {
            public boolean staticMembership() { return staticMembership; }
            public Optional<String> instanceId() { return instanceId; }
            public Duration sessionTimeout() { return session; }
            public Duration heartbeatInterval() { return heartbeat; }
        };
        return new WorkerConfig() {
            public int maxConcurrentJobs() { return 4; }
            public int maxInFlightCommands() { return 16; }
            public Duration progressInterval() { return Duration.ZERO; }
            public int progressPercentStep() { return 1; }
            public Duration progressHeartbeat() { return Duration.ofSeconds(5); }
            public Duration eventSendTimeout() { return Duration.ofSeconds(30); }
            public Duration stopTimeout() { return Duration.ofSeconds(10); }
            public Group group() { return group; }
        };
    }
}
