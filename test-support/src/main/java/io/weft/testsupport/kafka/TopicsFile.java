package io.weft.testsupport.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code deploy/topics/topics.conf}, the one list of Weft's topics (name, partitions, configs) that the local stack,
 * docker-compose and the Kubernetes manifests create them from: read, and created on a broker as they are there.
 */
public final class TopicsFile {

    private TopicsFile() {
    }

    /** One topic of the file. */
    public record Topic(String name, int partitions, Map<String, String> configs) {
    }

    /** The topics of the file, in its order; blank lines and {@code #} comments skipped. */
    public static List<Topic> read(Path file) {
        List<Topic> topics = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.strip().split("\\s+");
                if (fields[0].isEmpty() || fields[0].startsWith("#")) {
                    continue;
                }
                Map<String, String> configs = new LinkedHashMap<>();
                for (int i = 2; i < fields.length; i++) {
                    String[] pair = fields[i].split("=", 2);
                    if (pair.length != 2) {
                        throw new IllegalArgumentException(file + ": '" + fields[i] + "' of topic " + fields[0] + " is not config=value");
                    }
                    configs.put(pair[0], pair[1]);
                }
                topics.add(new Topic(fields[0], Integer.parseInt(fields[1]), Map.copyOf(configs)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(topics);
    }

    /** Creates every topic of the file on the broker (replication 1); topics already there are left as they are. */
    public static List<Topic> create(String bootstrapServers, Path file) {
        List<Topic> topics = read(file);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (Topic topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.configs())))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker at " + bootstrapServers + " did not create the topics within 30 s", e);
        }
        return topics;
    }
}
