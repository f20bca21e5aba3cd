package io.weft.testsupport.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Apache Kafka broker for tests, chosen by the {@code weft.test.kafka} system property (or the
 * {@code WEFT_TEST_KAFKA} environment variable):
 * <ul>
 * <li>{@code embedded} (default): a KRaft broker in this JVM, from Kafka's own test kit;</li>
 * <li>a {@code host:port} list: a broker that is already running (the local stack's, CI's);</li>
 * <li>{@code testcontainers}: the official image through Testcontainers, only where a Docker engine runs.</li>
 * </ul>
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property choosing the broker; see the class comment. */
    public static final String MODE_PROPERTY = "weft.test.kafka";

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    private final String bootstrapServers;
    private final AutoCloseable owned;

    private KafkaBroker(String bootstrapServers, AutoCloseable owned) {
        this.bootstrapServers = bootstrapServers;
        this.owned = owned;
    }

    public static KafkaBroker start() {
        String mode = System.getProperty(MODE_PROPERTY, System.getenv().getOrDefault("WEFT_TEST_KAFKA", "embedded")).trim();
        try {
            return switch (mode) {
                case "embedded", "" -> embedded();
                case "testcontainers" -> testcontainers();
                default -> {
                    LOG.infof("Using the running Kafka broker at %s", mode);
                    yield new KafkaBroker(mode, null);
                }
            };
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not start a Kafka broker (" + MODE_PROPERTY + "=" + mode + ")", e);
        }
    }

    private static KafkaBroker embedded() throws Exception {
        Path dir = Files.createTempDirectory("weft-kafka-");
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(dir)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("num.partitions", "3")
                .setDeleteOnClose(true)
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        LOG.infof("Started an in-JVM KRaft broker at %s", cluster.bootstrapServers());
        return new KafkaBroker(cluster.bootstrapServers(), cluster);
    }

    private static KafkaBroker testcontainers() {
        // Touching Testcontainers without an engine logs errors and throws late; refuse early and clearly.
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
                || !DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(MODE_PROPERTY + "=testcontainers needs a Docker engine, and none runs here;"
                    + " use the default (embedded) or the address of a running broker");
        }
        KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
        container.start();
        return new KafkaBroker(container.getBootstrapServers(), container);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (Exception e) {
            LOG.warn("Kafka broker did not stop cleanly", e);
        }
    }
}
