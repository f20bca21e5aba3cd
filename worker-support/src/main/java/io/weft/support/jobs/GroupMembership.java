package io.weft.support.jobs;

import io.quarkus.arc.Unremovable;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How every Kafka consumer of a worker takes part in its consumer group, so that the commands of a worker that died
 * move on within seconds (the choice and the figures are in the worker-support README):
 * <ul>
 * <li>static membership ({@code group.instance.id}): a restarted instance rejoins as itself and gets its partitions
 * back at once, instead of waiting for its old session to expire;</li>
 * <li>a short session ({@code session.timeout.ms}, {@code heartbeat.interval.ms}): when an instance dies and does not
 * come back, the survivors get its partitions once the coordinator has missed its heartbeats that long;</li>
 * <li>the cooperative sticky assignor: a rebalance revokes only the partitions that move, so a survivor keeps
 * running (and committing) its own commands while it takes over the dead member's.</li>
 * </ul>
 * A setting given explicitly to the Kafka client (on the channel, or as {@code kafka.*}) wins over these.
 */
@ApplicationScoped
@Unremovable // looked up by the Kafka connector through Instance<ClientCustomizer<...>>
public class GroupMembership implements ClientCustomizer<Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(GroupMembership.class);
    /** What the broker accepts as a {@code group.instance.id} (as for topic names). */
    private static final Pattern VALID_INSTANCE_ID = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final WorkerConfig.Group config;
    private final String instanceId;

    @Inject
    public GroupMembership(WorkerConfig config, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.config = config.group();
        if (!this.config.heartbeatInterval().minus(this.config.sessionTimeout()).isNegative()) {
            throw new IllegalArgumentException("weft.worker.group.heartbeat-interval (" + this.config.heartbeatInterval()
                    + ") must be shorter than weft.worker.group.session-timeout (" + this.config.sessionTimeout() + ")");
        }
        this.instanceId = this.config.instanceId().map(String::strip).orElseGet(() -> defaultInstanceId(httpPort));
        if (this.config.staticMembership() && !VALID_INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("weft.worker.group.instance-id '" + instanceId
                    + "' is not a valid Kafka group.instance.id: 1 to 249 letters, digits, '.', '_' or '-'");
        }
        if (this.config.staticMembership() && this.config.instanceId().isEmpty() && httpPort <= 0) {
            LOG.warnf("No weft.worker.group.instance-id and a random HTTP port: this run's group.instance.id %s will not be"
                    + " the next run's, so a restart waits for the old session to expire", instanceId);
        }
    }

    /** This instance's {@code group.instance.id} when static membership is on. */
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> kafka) {
        if (!kafka.containsKey(ConsumerConfig.GROUP_ID_CONFIG) || kafka.containsKey(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)) {
            return kafka; // a producer: job events, the dead-letter topic
        }
        Map<String, Object> customized = new HashMap<>(kafka);
        customized.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(config.sessionTimeout().toMillis()));
        customized.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(config.heartbeatInterval().toMillis()));
        customized.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (config.staticMembership()) {
            customized.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        LOG.infof("Channel %s joins consumer group %s as %s, session timeout %s ms, heartbeat every %s ms", channel,
                customized.get(ConsumerConfig.GROUP_ID_CONFIG),
                customized.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                        ? "static member " + customized.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) : "a dynamic member",
                customized.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), customized.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        return customized;
    }

    /**
     * {@code <host name>-<HTTP port>}: stable across restarts of one instance, distinct for instances on different hosts
     * (pods, containers) and for instances on one host (they cannot listen on the same port). A random port (0) gives
     * no stable identity: then a random one, which is safe but gives up the fast rejoin.
     */
    static String defaultInstanceId(int httpPort) {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        String suffix = httpPort > 0 ? Integer.toString(httpPort) : UUID.randomUUID().toString();
        String id = (host.strip() + "-" + suffix).replaceAll("[^a-zA-Z0-9._-]", "_");
        return id.length() > 249 ? id.substring(id.length() - 249) : id;
    }
}
