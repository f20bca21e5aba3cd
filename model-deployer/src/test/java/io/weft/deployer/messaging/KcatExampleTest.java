package io.weft.deployer.messaging;

import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.Topics;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobSucceeded;
import io.weft.deployer.ModelFolders;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's kcat examples (binary and structured mode), exactly as written there, against the test broker: the documented contract for
 * upstream publishers must actually deploy a model. The build installs kcat first (deploy/ensure.sh).
 */
@QuarkusTest
class KcatExampleTest {

    private static final Pattern EXAMPLE = example("kcat-example");
    private static final Pattern STRUCTURED_EXAMPLE = example("kcat-structured-example");
    /** The contracts' README documents both modes for every upstream publisher. */
    private static final Path CONTRACTS_README = Path.of("..", "contracts", "README.md");

    /** The example upstream publisher's own topic, the README blocks' default. */
    private static final String UPSTREAM_TOPIC = Topics.UPSTREAM_DEPLOY_COMMANDS_PREFIX + "upstream-ci";

    @InjectFabricEmulator
    FabricEmulator emulator;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void readmeKcatExampleDeploysADevModel() throws Exception {
        runsAndDeploys(EXAMPLE);
    }

    @Test
    void readmeStructuredModeKcatExampleDeploysADevModel() throws Exception {
        runsAndDeploys(STRUCTURED_EXAMPLE);
    }

    @Test
    void contractsReadmeKcatExamplesDeployInBothModes() throws Exception {
        runsAndDeploys(CONTRACTS_README, example("kcat-binary"));
        runsAndDeploys(CONTRACTS_README, example("kcat-structured"));
    }

    private static Pattern example(String name) {
        return Pattern.compile("<!-- " + name + ":start -->\\s*```bash\\n(.*?)```\\s*<!-- " + name + ":end -->",
                Pattern.DOTALL);
    }

    private void runsAndDeploys(Pattern example) throws Exception {
        runsAndDeploys(Path.of("README.md"), example);
    }

    private void runsAndDeploys(Path readme, Pattern example) throws Exception {
        assertThat(onPath("kcat")).as("kcat on the PATH (the build installs it: deploy/ensure.sh kcat)").isTrue();
        Matcher matcher = example.matcher(Files.readString(readme));
        assertThat(matcher.find()).as("the %s block in %s", example, readme).isTrue();
        String workspace = "kcat-" + UUID.randomUUID();
        String workspaceId = emulator.admin().createWorkspace(workspace);
        String jobId = UUID.randomUUID().toString();

        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", matcher.group(1)).redirectErrorStream(true);
        // The test broker takes plaintext clients; the local stack's takes the upstream-ci user's certificate (EndToEndIT).
        Path kafkaConfig = Files.createTempFile("kcat-", ".conf");
        Files.writeString(kafkaConfig, "bootstrap.servers=" + bootstrapServers + "\nsecurity.protocol=plaintext\n");
        bash.environment().put("KAFKA_CONFIG", kafkaConfig.toString());
        bash.environment().put("WORKSPACE", workspace);
        bash.environment().put("MODEL_DIR", ModelFolders.folder(ModelFolders.SALES_TMDL).toString());
        bash.environment().put("JOB_ID", jobId);
        Process process = bash.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("published job " + jobId);

        List<JobEvent> events;
        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            events = reader.awaitUntil(Duration.ofSeconds(60), all -> all.stream()
                            .anyMatch(r -> jobId.equals(r.key()) && r.message() instanceof JobSucceeded))
                    .stream().filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
        }
        JobSucceeded done = (JobSucceeded) events.get(events.size() - 1);
        assertThat((String) done.result().get("modelName")).matches("Sales_\\d{8}T\\d{6}Z");
        assertThat(done.result()).containsEntry("workspaceId", workspaceId).containsEntry("outcome", "created");

        // on the partition the gateway's Java producer picks for the same key, so that one worker has the workspace
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            partitions = admin.describeTopics(List.of(UPSTREAM_TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(UPSTREAM_TOPIC).partitions().size();
        }
        try (TopicReader reader = TopicReader.open(bootstrapServers, UPSTREAM_TOPIC)) {
            TopicReader.Received command = reader.awaitUntil(Duration.ofSeconds(30), all -> all.stream().anyMatch(r -> workspace.equals(r.key())))
                    .stream().filter(r -> workspace.equals(r.key())).findFirst().orElseThrow();
            assertThat(command.partition()).as("the partition of key %s among %d", workspace, partitions)
                    .isEqualTo(Utils.toPositive(Utils.murmur2(workspace.getBytes(StandardCharsets.UTF_8))) % partitions);
        }
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        Process which = new ProcessBuilder("sh", "-c", "command -v " + command).start();
        return which.waitFor(10, TimeUnit.SECONDS) && which.exitValue() == 0;
    }
}
