package io.weft.deployer.service;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.Topics;
import io.weft.contracts.command.DefinitionFormat;
import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;
import io.weft.contracts.command.SemanticModelDefinition;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.deployer.ModelFolders;
import io.weft.deployer.messaging.UpstreamPublisher;
import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.TopicReader;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.weft.deployer.ModelFolders.INVENTORY_TMSL;
import static io.weft.deployer.ModelFolders.SALES_TMDL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployments that name an environment of the test environments file
 * ({@code src/test/resources/environments/weft-environments.yaml}): the workspace and the parameter values come
 * from it, every replacement is reported (file, count, never a value), and whatever the environment makes
 * impossible fails before any Fabric call.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = FabricEmulatorResource.class, initArgs = {
        @ResourceArg(name = "operation-duration-ms", value = "300"),
        @ResourceArg(name = "retry-after-seconds", value = "1")})
class EnvironmentDeploymentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant REQUESTED_AT = Instant.parse("2026-11-22T08:00:00Z");

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Inject
    SemanticModelClient models;

    @Inject
    WorkspaceClient workspaces;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    UpstreamPublisher upstream;

    @BeforeEach
    void environmentsWorkspaces() {
        upstream = new UpstreamPublisher(bootstrapServers);
        emulator.admin().clearFaults();
        emulator.admin().pageSize(100).longRunningOperations(true);
        for (String name : List.of("env-test Sales Dev", "env-test Sales QA", "env-test Sales Prod")) {
            if (workspaceId(name) == null) {
                emulator.admin().createWorkspace(name);
            }
        }
        for (String name : List.of("env-test Sales SQL (qa)", "env-test Archive SQL (qa)", "env-test Sales SQL (prod)")) {
            if (emulator.admin().connections().list().stream().noneMatch(c -> c.path("displayName").asText().equals(name))) {
                emulator.admin().connections().create(ContractCodec.get().mapper().createObjectNode()
                        .put("displayName", name).put("connectivityType", "ShareableCloud")
                        .set("connectionDetails", ContractCodec.get().mapper().createObjectNode().put("type", "SQL")
                                .put("creationMethod", "SQL").set("parameters", ContractCodec.get().mapper().createArrayNode())));
            }
        }
    }

    @AfterEach
    void closePublisher() {
        upstream.close();
    }

    @Test
    void aQaDeploymentTakesItsWorkspaceAndParameterValuesFromTheEnvironment() {
        DeploySemanticModel command = toEnvironment("qa", "Sales", SALES_TMDL);

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobSucceeded done = (JobSucceeded) events.get(events.size() - 1);
        String qaId = workspaceId("env-test Sales QA");
        assertThat(done.result()).containsEntry("environment", "qa").containsEntry("workspaceId", qaId)
                .containsEntry("workspaceName", "env-test Sales QA").containsEntry("modelName", "Sales");
        assertThat(done.result().get("replacements")).isEqualTo(List.of(
                Map.of("replacement", "replacements[0] (the SqlServer parameter)", "parameter", "sqlServer",
                        "file", "definition/expressions.tmdl", "count", 1),
                Map.of("replacement", "replacements[1] (the SqlDatabase parameter)", "parameter", "sqlDatabase",
                        "file", "definition/expressions.tmdl", "count", 1)));
        assertThat(((JobStarted) events.get(0)).steps()).containsExactly("resolve-environment", "package-definition",
                "apply-parameters", "resolve-workspace", "find-model", "deploy-definition", "bind-connections");
        String modelId = (String) done.result().get("modelId");
        assertThat(emulator.admin().connections().bindings(modelId)).extracting(
                b -> b.path("connectionId").asText(), b -> b.path("connectivityType").asText(), b -> b.path("connectionDetails").path("path").asText())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(connectionId("env-test Sales SQL (qa)"), "ShareableCloud", "qa-sql.contoso.example;sales_qa"),
                        org.assertj.core.groups.Tuple.tuple(connectionId("env-test Archive SQL (qa)"), "ShareableCloud", "qa-sql.contoso.example;archive_qa"));
        assertThat(output(events, "bind-connections").get("bindings")).asList().hasSize(2);
        assertThat(output(events, "resolve-environment")).containsEntry("environment", "qa")
                .containsEntry("workspace", "env-test Sales QA").containsEntry("stage", "Test").containsEntry("replacements", 2);
        String expressions = deployedPart(qaId, (String) done.result().get("modelId"), "TMDL", "definition/expressions.tmdl");
        assertThat(expressions).contains("expression SqlServer = \"qa-sql.contoso.example\" meta")
                .contains("expression SqlDatabase = \"sales_qa\" meta").doesNotContain("localhost");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlanOfADeploymentReadsOnlyAndSaysWhatWouldChange() {
        DeploySemanticModel first = toEnvironment("qa", "Sales", SALES_TMDL);
        upstream.publish(first);
        assertThat(eventsUntilTerminal(first.jobId())).last().isInstanceOf(JobSucceeded.class);
        emulator.admin().clearRequests();

        DeploySemanticModel same = asPlan(toEnvironment("qa", "Sales", SALES_TMDL), true);
        DeploySemanticModel unconfirmed = asPlan(toEnvironment("qa", "Sales", SALES_TMDL), false);
        upstream.publish(same);
        upstream.publish(unconfirmed);
        List<JobEvent> sameEvents = eventsUntilTerminal(same.jobId());
        List<JobEvent> unconfirmedEvents = eventsUntilTerminal(unconfirmed.jobId());

        assertThat(emulator.admin().requests()).as("plans only read").isNotEmpty()
                .noneMatch(io.weft.fabric.emulator.admin.RequestLog.Entry::isWrite);
        assertThat(((JobStarted) sameEvents.get(0)).steps()).containsExactly("resolve-environment", "package-definition",
                "apply-parameters", "resolve-workspace", "find-model", "plan-definition");
        Map<String, Object> result = ((JobSucceeded) sameEvents.get(sameEvents.size() - 1)).result();
        assertThat(result).containsEntry("planned", true).containsEntry("environment", "qa");
        assertThat((List<Map<String, Object>>) result.get("plan")).extracting(p -> p.get("itemType"), p -> p.get("action"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SemanticModel", "unchanged"),
                        org.assertj.core.groups.Tuple.tuple("ConnectionBinding", "update"),
                        org.assertj.core.groups.Tuple.tuple("ConnectionBinding", "update"));
        Map<String, Object> refused = ((List<Map<String, Object>>) ((JobSucceeded) unconfirmedEvents.get(unconfirmedEvents.size() - 1))
                .result().get("plan")).get(0);
        assertThat(refused).containsEntry("action", "refused");
        assertThat(refused.get("reason")).asString().contains("confirmOverwrite=true");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlanOfAChangedDefinitionNamesThePartsThatDiffer() {
        DeploySemanticModel first = toEnvironment("qa", "Sales", SALES_TMDL);
        upstream.publish(first);
        assertThat(eventsUntilTerminal(first.jobId())).last().isInstanceOf(JobSucceeded.class);
        List<io.weft.deployer.definition.DefinitionFile> changed = new java.util.ArrayList<>(ModelFolders.sharedSalesExample());
        changed.add(new io.weft.deployer.definition.DefinitionFile("definition/tables/Returns.tmdl",
                "table Returns\n\tcolumn Id\n\t\tdataType: int64\n\t\tsourceColumn: Id\n".getBytes(StandardCharsets.UTF_8)));
        DeploySemanticModel plan = new DeploySemanticModel(UUID.randomUUID().toString(), null, "Sales", DeploymentMode.PROD, true,
                new SemanticModelDefinition(DefinitionFormat.TMDL, ModelFolders.parts(changed), null), REQUESTED_AT, "qa", null, true);

        upstream.publish(plan);

        List<JobEvent> events = eventsUntilTerminal(plan.jobId());
        Map<String, Object> model = ((List<Map<String, Object>>) ((JobSucceeded) events.get(events.size() - 1)).result().get("plan")).get(0);
        assertThat(model).containsEntry("action", "update").containsEntry("changedParts", List.of("definition/tables/Returns.tmdl"));
    }

    @Test
    void aMissingConnectionFailsTheBindingStepNamingIt() {
        DeploySemanticModel command = toEnvironment("dev", "Sales", SALES_TMDL);

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobFailed failed = (JobFailed) events.get(events.size() - 1);
        assertThat(failed.step()).isEqualTo("bind-connections");
        assertThat(failed.error().code()).isEqualTo("ConnectionNotFound");
        assertThat(failed.error().message()).isEqualTo("Connection 'env-test Sales SQL (dev)' (for data source SQL"
                + " 'dev-sql.contoso.example;sales_dev') of environment 'dev' does not exist or is not visible to the deployer's identity");
        assertThat(failed.error().resource()).isEqualTo("env-test Sales SQL (dev)");
    }

    @Test
    void aValueFromTheProcessEnvironmentIsDeployedButShownNowhere() {
        DeploySemanticModel command = toEnvironment("prod", "Sales", SALES_TMDL);

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobSucceeded done = (JobSucceeded) events.get(events.size() - 1);
        String prodId = workspaceId("env-test Sales Prod");
        assertThat(deployedPart(prodId, (String) done.result().get("modelId"), "TMDL", "definition/expressions.tmdl"))
                .contains("expression SqlDatabase = \"sales_from_env\" meta");
        assertThat(events).allSatisfy(event -> assertThat(new String(ContractCodec.get().encode(event), StandardCharsets.UTF_8))
                .doesNotContain("sales_from_env"));
    }

    @Test
    void aJsonPathReplacementSetsEveryMatchInATmslModel() {
        DeploySemanticModel command = toEnvironment("dev", "Inventory", INVENTORY_TMSL);

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobSucceeded done = (JobSucceeded) events.get(events.size() - 1);
        assertThat(done.result().get("replacements")).isEqualTo(List.of(Map.of("replacement",
                "replacements[2] (the Inventory partitions' M expression)", "parameter", "inventoryQuery", "file", "model.bim", "count", 1)));
        String bim = deployedPart(workspaceId("env-test Sales Dev"), (String) done.result().get("modelId"), "TMSL", "model.bim");
        assertThat(bim).contains("DEV-1").doesNotContain("A-1");
    }

    @Test
    void everyParameterProblemFailsTheJobBeforeAnyFabricCall() {
        DeploySemanticModel command = toEnvironment("broken", "Sales", SALES_TMDL);

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobFailed failed = (JobFailed) events.get(events.size() - 1);
        assertThat(failed.step()).isEqualTo("apply-parameters");
        assertThat(failed.error().code()).isEqualTo("InvalidParameters");
        assertThat(failed.error().message()).startsWith("2 problems applying the parameters of environment 'broken'")
                .contains("replacements[0] (the SqlServer parameter): parameter 'sqlServer' of environment 'broken' comes from"
                        + " process environment variable WEFT_TEST_SURELY_NOT_SET, which is not set")
                .contains("replacements[3] (a marker the definitions do not have): matched nothing in");
        assertThat(failed.error().retriable()).isFalse();
        assertThat(events).noneMatch(e -> e instanceof StepStarted s && s.step().equals("resolve-workspace"));
        assertThat(workspaceId("env-test Broken")).as("the environment's workspace was never even looked up").isNull();
    }

    @Test
    void anUnknownEnvironmentFailsNamingTheDefinedOnes() {
        DeploySemanticModel command = toEnvironment("staging", "Sales", SALES_TMDL);

        upstream.publish(command);

        List<JobEvent> events = eventsUntilTerminal(command.jobId());
        JobFailed failed = (JobFailed) events.get(events.size() - 1);
        assertThat(failed.step()).isEqualTo("resolve-environment");
        assertThat(failed.error().code()).isEqualTo("UnknownEnvironment");
        assertThat(failed.error().message()).isEqualTo(
                "Environment 'staging' is not defined: the deployer's environments file defines dev, qa, prod, broken, p-dev, p-qa, p-prod");
        assertThat(events).noneMatch(e -> e instanceof StepStarted s && s.step().equals("package-definition"));
    }

    // ------------------------------------------------------------------ helpers

    private static DeploySemanticModel asPlan(DeploySemanticModel c, boolean confirmOverwrite) {
        return new DeploySemanticModel(c.jobId(), c.workspace(), c.modelName(), c.mode(), confirmOverwrite, c.definition(),
                c.requestedAt(), c.environment(), c.refreshAfterDeploy(), true);
    }

    /** The repository's shared Sales example (it has the SqlServer and SqlDatabase expressions), or a test model. */
    private static DeploySemanticModel toEnvironment(String environment, String modelName, String folder) {
        return new DeploySemanticModel(UUID.randomUUID().toString(), null, modelName, DeploymentMode.PROD, true,
                new SemanticModelDefinition(folder.equals(SALES_TMDL) ? DefinitionFormat.TMDL : DefinitionFormat.TMSL,
                        folder.equals(SALES_TMDL) ? ModelFolders.parts(ModelFolders.sharedSalesExample()) : ModelFolders.parts(folder), null),
                REQUESTED_AT, environment, null);
    }


    private String deployedPart(String workspaceId, String modelId, String format, String path) {
        DefinitionPart part = models.getDefinition(workspaceId, modelId, format, operation -> {
        }).parts().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
        return new String(Base64.getDecoder().decode(part.payload()), StandardCharsets.UTF_8);
    }

    private String connectionId(String name) {
        return emulator.admin().connections().list().stream().filter(c -> c.path("displayName").asText().equals(name))
                .map(c -> c.path("id").asText()).findFirst().orElseThrow();
    }

    private String workspaceId(String name) {
        return StreamSupport.stream(emulator.admin().state().path("workspaces").spliterator(), false)
                .filter(w -> w.path("displayName").asText().equals(name)).map(w -> w.path("id").asText())
                .findFirst().orElse(null);
    }

    private static Map<String, Object> output(List<JobEvent> events, String step) {
        return events.stream().filter(e -> e instanceof StepSucceeded s && s.step().equals(step))
                .map(e -> ((StepSucceeded) e).output()).findFirst().orElseThrow();
    }

    private List<JobEvent> eventsUntilTerminal(String jobId) {
        try (TopicReader reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS)) {
            return reader.awaitUntil(TIMEOUT, all -> all.stream().anyMatch(r -> jobId.equals(r.key())
                            && (r.message() instanceof JobSucceeded || r.message() instanceof JobFailed))).stream()
                    .filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
        }
    }
}
