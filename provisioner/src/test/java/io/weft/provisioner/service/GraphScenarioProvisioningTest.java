package io.weft.provisioner.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.weft.archive.staged.StagedArchiveException;
import io.weft.contracts.DeadLetterHeaders;
import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.command.CancelJob;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.contracts.command.StagedArchive;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobStarted;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepFailed;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.fabric.client.graphmodel.GraphModelClient;
import io.weft.fabric.client.item.DefinitionPart;
import io.weft.fabric.client.item.FabricItem;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.item.ItemDefinition;
import io.weft.fabric.client.ontology.OntologyClient;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.TableInfo;
import io.weft.provisioner.CommandPublisher;
import io.weft.provisioner.JobEvents;
import io.weft.provisioner.ScenarioArchives;
import io.weft.support.staging.StagingStore;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.HostileRecords;
import io.weft.testsupport.kafka.HostileRecords.Published;
import io.weft.testsupport.kafka.KafkaResource;
import io.weft.testsupport.kafka.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The provisioner end to end: commands through the real broker, Fabric through the emulator over HTTPS with
 * the real fabric-client, archives staged in the real claim-check store. Each test works in a workspace of its own.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(FabricEmulatorResource.class)
class GraphScenarioProvisioningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Inject
    CommandPublisher publisher;

    @Inject
    StagingStore staging;

    @Inject
    OntologyClient ontologies;

    @Inject
    LakehouseClient lakehouses;

    @Inject
    GraphModelClient graphModels;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterEach
    void clearFaults() {
        emulator.admin().clearFaults();
    }

    @Test
    void provisionsARelatedScenarioIntoTablesAnOntologyAndItsGraphModel() throws Exception {
        String workspaceName = workspaceName();
        String workspaceId = emulator.admin().createWorkspace(workspaceName);
        ProvisionGraphScenario command = command(workspaceName, ScenarioArchives.retail());

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobSucceeded.class);
            List<String> withoutProgress = JobEvents.names(all.stream().filter(e -> !(e instanceof StepProgressed)).toList());
            List<String> expected = new ArrayList<>(List.of("JOB_STARTED"));
            Steps.ALL.forEach(step -> expected.addAll(List.of("STEP_STARTED:" + step, "STEP_SUCCEEDED:" + step)));
            expected.add("JOB_SUCCEEDED");
            assertThat(withoutProgress).containsExactlyElementsOf(expected);
            assertThat(all).extracting(JobEvent::sequence).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
            assertThat(((JobStarted) all.get(0)).steps()).containsExactlyElementsOf(Steps.ALL);

            StepProgressed lastUpload = lastProgress(all, Steps.UPLOAD_FILES);
            assertThat(lastUpload.unit()).isEqualTo("bytes");
            assertThat(lastUpload.done()).isEqualTo(lastUpload.total()).isEqualTo(command.manifest().totalBytes());
            assertThat(lastUpload.detail()).isEqualTo("4/4 files");
            StepProgressed lastLoad = lastProgress(all, Steps.LOAD_TABLES);
            assertThat(lastLoad.unit()).isEqualTo("tables");
            assertThat(lastLoad.done()).isEqualTo(4);
            assertThat(lastLoad.total()).isEqualTo(4);

            Map<String, Object> result = ((JobSucceeded) all.get(all.size() - 1)).result();
            Map<?, ?> lakehouse = (Map<?, ?>) result.get("lakehouse");
            Map<?, ?> ontology = (Map<?, ?>) result.get("ontology");
            Map<?, ?> graphModel = (Map<?, ?>) result.get("graphModel");
            assertThat(lakehouse.get("name")).isEqualTo("retail_lh");
            assertThat(result.get("tables")).isEqualTo(List.of("customers", "products", "orders", "order_lines"));
            assertThat(ontology.get("name")).isEqualTo("retail_ontology");
            assertThat((List<?>) ontology.get("relationshipTypes")).hasSize(3);

            String lakehouseId = (String) lakehouse.get("id");
            Map<String, Long> rows = rowCounts(workspaceId, lakehouseId);
            assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of("customers", 3L, "products", 2L, "orders", 4L,
                    "order_lines", 5L));

            ItemDefinition definition = ontologies.getDefinition(workspaceId, (String) ontology.get("id"), null);
            Map<String, JsonNode> entityTypes = parts(definition, "EntityTypes/[0-9]+/definition.json");
            assertThat(entityTypes.values()).extracting(n -> n.path("name").asText())
                    .containsExactlyInAnyOrder("customers", "products", "orders", "order_lines");
            Map<String, JsonNode> bindings = parts(definition, "EntityTypes/[0-9]+/DataBindings/.*\\.json");
            assertThat(bindings.values()).extracting(n -> n.at("/dataBindingConfiguration/sourceTableProperties/sourceTableName").asText())
                    .containsExactlyInAnyOrder("customers", "products", "orders", "order_lines");
            assertThat(bindings.values()).allSatisfy(n -> assertThat(
                    n.at("/dataBindingConfiguration/sourceTableProperties/itemId").asText()).isEqualTo(lakehouseId));
            Map<String, String> entityNames = entityTypes.values().stream()
                    .collect(Collectors.toMap(n -> n.path("id").asText(), n -> n.path("name").asText()));
            Set<String> relationships = parts(definition, "RelationshipTypes/[0-9]+/definition.json").values().stream()
                    .map(n -> entityNames.get(n.at("/source/entityTypeId").asText()) + "->"
                            + entityNames.get(n.at("/target/entityTypeId").asText()))
                    .collect(Collectors.toSet());
            assertThat(relationships).containsExactlyInAnyOrder("orders->customers", "orders->products", "order_lines->orders");
            assertThat(parts(definition, "RelationshipTypes/[0-9]+/Contextualizations/.*\\.json")).hasSize(3);

            assertThat(itemsOfType(workspaceId, "GraphModel")).singleElement().satisfies(g -> {
                assertThat(g.id()).isEqualTo(graphModel.get("id"));
                assertThat(g.displayName()).isEqualTo("retail_ontology_graph");
            });
            assertThat(((Map<?, ?>) result.get("workspace")).get("id")).as("the workspace was resolved by name")
                    .isEqualTo(workspaceId);

            await().atMost(Duration.ofSeconds(30)).until(() -> !staging.exists(command.archive().uri()));
        }
    }

    @Test
    void aProvisionedScenarioShowsOnQMetricsByKindOutcomeStepAndFabricOperation() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        double before = metric("weft_jobs_total{kind=\"graph-scenario\",outcome=\"succeeded\"}");
        ProvisionGraphScenario command = command(workspaceId, ScenarioArchives.retail());

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.await(command.jobId(), JobSucceeded.class);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(metric("weft_jobs_total{kind=\"graph-scenario\",outcome=\"succeeded\"}")).isEqualTo(before + 1));
        String metrics = metrics();
        assertThat(metrics)
                .containsPattern("weft_job_step_duration_seconds_count\\{kind=\"graph-scenario\",outcome=\"succeeded\",step=\""
                        + Steps.UPLOAD_FILES + "\"\\} [1-9]")
                .containsPattern("weft_job_duration_seconds_bucket\\{kind=\"graph-scenario\",outcome=\"succeeded\",le=\"[^\"]+\"\\}")
                .containsPattern("weft_fabric_calls_seconds_count\\{error_code=\"none\",method=\"GET\",operation=\"/workspaces/\\{workspaceId\\}[^\"]*\",status=\"200\"\\} [1-9]")
                .contains("weft_jobs_oldest_running_seconds{kind=\"graph-scenario\"}")
                .as("no workspace id in any tag").doesNotContain(workspaceId);
    }

    private static String metrics() {
        // The Prometheus client writes a trailing comma in label sets ({a="b",}); Prometheus reads both.
        return RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().replace(",}", "}");
    }

    private static double metric(String series) {
        return metrics().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> sampleValue(l)).findFirst().orElse(0);
    }

    @Test
    void theSameCommandTwiceEndsWithOneSetOfItemsAndTwoSucceededAttempts() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        ProvisionGraphScenario command = command(workspaceId, ScenarioArchives.retail());

        publisher.publish(command);
        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.awaitCount(command.jobId(), JobSucceeded.class, 2);
            assertThat(all).filteredOn(JobSucceeded.class::isInstance).extracting(JobEvent::attempt).doesNotHaveDuplicates();
            assertThat(all).noneMatch(e -> e instanceof StepFailed || e instanceof JobFailed);
        }
        assertOneSetOfItems(workspaceId);
    }

    @Test
    void aFailingTableLoadFailsThatStepWithFabricsErrorAndARedeliveryCompletesWithoutDuplicates() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        ProvisionGraphScenario command = command(workspaceId, ScenarioArchives.retail());
        emulator.admin().addFault(Fault.operationFailure("LoadTable", "DeltaTableWriteFailed", "The Delta log is locked"));

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> first = events.await(command.jobId(), JobFailed.class);
            StepFailed stepFailed = (StepFailed) first.stream().filter(StepFailed.class::isInstance).findFirst().orElseThrow();
            assertThat(stepFailed.step()).isEqualTo(Steps.LOAD_TABLES);
            assertThat(stepFailed.error().code()).isEqualTo("DeltaTableWriteFailed");
            assertThat(stepFailed.error().summary()).isEqualTo("[DeltaTableWriteFailed] The Delta log is locked");
            assertThat(stepFailed.error().resource()).isEqualTo("customers");
            assertThat(stepFailed.error().requestId()).isNotBlank();
            JobFailed jobFailed = (JobFailed) first.get(first.size() - 1);
            assertThat(jobFailed.step()).isEqualTo(Steps.LOAD_TABLES);
            assertThat(JobEvents.names(first)).doesNotContain("STEP_STARTED:" + Steps.APPLY_ONTOLOGY);
            assertThat(itemsOfType(workspaceId, "Lakehouse")).as("the attempt stopped half-way").hasSize(1);
            assertThat(itemsOfType(workspaceId, "Ontology")).isEmpty();

            // The command comes again, as after a worker died half-way: the job resumes over what exists.
            publisher.publish(command);

            List<JobEvent> all = events.await(command.jobId(), JobSucceeded.class);
            assertThat(all.get(all.size() - 1).attempt()).isNotEqualTo(jobFailed.attempt());
        }
        assertOneSetOfItems(workspaceId);
        assertThat(staging.exists(command.archive().uri())).as("kept for the retention period").isTrue();
    }

    @Test
    void ridesOutThrottlingOfTableLoadsAndItemCalls() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        ProvisionGraphScenario command = command(workspaceId, ScenarioArchives.retail());
        String loads = emulator.admin().addFault(Fault.throttle(3, 1).matching("POST", ".*/tables/[^/]+/load"));
        String lists = emulator.admin().addFault(Fault.throttle(2, 1).matching("GET", ".*/workspaces/" + workspaceId + "/.*"));

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobSucceeded.class);
            assertThat(all).noneMatch(StepFailed.class::isInstance);
        }
        assertThat(emulator.admin().removeFault(loads)).as("every throttled load was retried").isFalse();
        assertThat(emulator.admin().removeFault(lists)).isFalse();
        assertOneSetOfItems(workspaceId);
    }

    @Test
    void poisonCommandsGoToTheDeadLetterTopicWithAFailedJob() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        ProvisionGraphScenario good = command(workspaceId, ScenarioArchives.retail());
        ProvisionGraphScenario tampered = withArchive(good, new StagedArchive(good.archive().uri(), good.archive().sizeBytes(),
                "0".repeat(64), good.archive().fileName()));
        ProvisionGraphScenario missing = command(workspaceId, ScenarioArchives.retail());
        staging.delete(missing.archive());
        ProvisionGraphScenario hostile = command(workspaceId, ScenarioArchives.create().file("entities/a.csv", "id\n1\n")
                .file("../../evil.csv", "x"));
        String unknownTypeJob = UUID.randomUUID().toString();

        publisher.publish(tampered);
        publisher.publish(missing);
        publisher.publish(hostile);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.PROVISION_COMMANDS, workspaceId,
                    "{\"jobId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                    .add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                    .add("ce_source", "/upstream".getBytes(StandardCharsets.UTF_8))
                    .add("ce_type", "io.weft.provision.warehouse.requested.v9".getBytes(StandardCharsets.UTF_8))
                    .add("ce_subject", unknownTypeJob.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        try (JobEvents events = JobEvents.open(bootstrapServers);
                TopicReader deadLetters = TopicReader.open(bootstrapServers, Topics.PROVISION_DEAD_LETTERS)) {
            assertThat(failure(events, tampered.jobId()).error().code()).isEqualTo(StagedArchiveException.MISMATCH);
            assertThat(failure(events, missing.jobId()).error().code()).isEqualTo(StagedArchiveException.MISSING);
            assertThat(failure(events, unknownTypeJob).error().code()).isEqualTo("InvalidCommand");
            assertThat(failure(events, hostile.jobId()).error()).satisfies(error -> {
                assertThat(error.code()).isEqualTo(StagedArchiveException.REJECTED);
                assertThat(error.message()).isEqualTo("the staged archive retail.tar.gz is refused:"
                        + " entry '../../evil.csv': '..' is not allowed in paths");
            });

            List<TopicReader.Received> dead = deadLetters.awaitUntil(TIMEOUT, all -> Set.of(tampered.jobId(), missing.jobId(),
                    hostile.jobId(), unknownTypeJob).stream().allMatch(job -> all.stream().anyMatch(r -> job.equals(r.headers().get("ce_subject")))));
            assertThat(reason(dead, tampered.jobId())).contains("SHA-256");
            assertThat(reason(dead, missing.jobId())).contains("does not exist");
            assertThat(reason(dead, unknownTypeJob)).contains("io.weft.provision.warehouse.requested.v9");
            assertThat(reason(dead, hostile.jobId())).contains("'..' is not allowed in paths");
        }
        assertThat(itemsOfType(workspaceId, "Lakehouse")).as("nothing was provisioned").isEmpty();
    }

    @Test
    void aCancelIsHonouredBetweenSteps() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        ProvisionGraphScenario command = command(workspaceId, ScenarioArchives.retail());
        emulator.admin().addFault(Fault.slowOperations("LoadTable", 1500));

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.awaitUntil(command.jobId(), TIMEOUT, all -> all.stream()
                    .anyMatch(e -> e instanceof StepStarted s && s.step().equals(Steps.LOAD_TABLES)));
            publisher.publish(new CancelJob(command.jobId(), "wrong archive", Instant.now()));

            List<JobEvent> all = events.await(command.jobId(), JobCancelled.class);
            JobCancelled cancelled = (JobCancelled) all.get(all.size() - 1);
            assertThat(cancelled.reason()).isEqualTo("wrong archive");
            assertThat(cancelled.lastCompletedStep()).as("the step under way finished").isEqualTo(Steps.LOAD_TABLES);
            assertThat(JobEvents.names(all)).doesNotContain("STEP_STARTED:" + Steps.APPLY_ONTOLOGY);
        }
        assertThat(itemsOfType(workspaceId, "Ontology")).isEmpty();
        assertThat(staging.exists(command.archive().uri())).as("a cancelled job keeps its archive").isTrue();
    }

    @Test
    void noRecordOnTheCommandTopicStopsTheProvisioner() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        ProvisionGraphScenario valid = command(workspaceId, ScenarioArchives.retail());
        List<Published> hostile = HostileRecords.publish(bootstrapServers, Topics.PROVISION_COMMANDS, valid.workspace(),
                HostileRecords.corpus(MessageType.PROVISION_GRAPH_SCENARIO, MessageType.DEPLOY_SEMANTIC_MODEL));

        publisher.publish(valid);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.await(valid.jobId(), JobSucceeded.class);
        }
        assertLiveAndReady();
        Map<String, String> reasons = HostileRecords.awaitDeadLettered(bootstrapServers, Topics.PROVISION_DEAD_LETTERS,
                hostile, TIMEOUT);
        assertThat(reasons).hasSize(hostile.size()).hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy((kind, reason) -> assertThat(reason).as(kind).isNotBlank());
        assertThat(reasons.get("structured-spec-2.0")).contains("specversion '2.0' is not supported");
        assertThat(reasons.get("binary-type-for-another-topic")).contains("is not a ProvisionGraphScenario");
        Map<String, JobFailed> failed = HostileRecords.awaitJobsFailed(bootstrapServers, hostile, TIMEOUT);
        assertThat(failed).hasSize((int) hostile.stream().filter(p -> p.hostile().jobId() != null).count());
        assertThat(failed.values()).allSatisfy(f -> assertThat(f.error().code()).isEqualTo("InvalidCommand"));
    }

    @Test
    void hostileRecordsOfTheOtherProvisionTypesAreDeadLetteredAndTheWorkerGoesOn() throws Exception {
        // The consumer picks a handler by CloudEvent type: the corpus built from each other type's example must reach
        // the dead-letter topic through that handler, and a valid command after it must still succeed.
        for (MessageType type : List.of(MessageType.PROVISION_WORKSPACE, MessageType.RUN_ITEM_JOB)) {
            String workspaceId = emulator.admin().createWorkspace(workspaceName());
            ProvisionGraphScenario valid = command(workspaceId, ScenarioArchives.retail());
            List<Published> hostile = HostileRecords.publish(bootstrapServers, Topics.PROVISION_COMMANDS, valid.workspace(),
                    HostileRecords.corpus(type, MessageType.DEPLOY_SEMANTIC_MODEL));

            publisher.publish(valid);

            try (JobEvents events = JobEvents.open(bootstrapServers)) {
                events.await(valid.jobId(), JobSucceeded.class);
            }
            assertLiveAndReady();
            Map<String, String> reasons = HostileRecords.awaitDeadLettered(bootstrapServers, Topics.PROVISION_DEAD_LETTERS,
                    hostile, TIMEOUT);
            assertThat(reasons).as(type.name()).hasSize(hostile.size())
                    .allSatisfy((kind, reason) -> assertThat(reason).as(kind).isNotBlank());
        }
    }

    @Test
    void noRecordOnTheControlTopicStopsCancellation() throws Exception {
        String workspaceId = emulator.admin().createWorkspace(workspaceName());
        ProvisionGraphScenario command = command(workspaceId, ScenarioArchives.retail());
        emulator.admin().addFault(Fault.slowOperations("LoadTable", 1500));
        List<HostileRecords.Hostile> corpus = HostileRecords.corpus(MessageType.CANCEL_JOB, MessageType.PROVISION_GRAPH_SCENARIO);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.awaitUntil(command.jobId(), TIMEOUT, all -> all.stream()
                    .anyMatch(e -> e instanceof StepStarted s && s.step().equals(Steps.LOAD_TABLES)));
            // Keyed by the job id like a cancel request: the valid one below lands on the same partition.
            HostileRecords.publish(bootstrapServers, Topics.CONTROL_COMMANDS, command.jobId(), corpus);
            publisher.publish(new CancelJob(command.jobId(), "after the storm", Instant.now()));

            List<JobEvent> all = events.await(command.jobId(), JobCancelled.class);
            assertThat(((JobCancelled) all.get(all.size() - 1)).reason()).isEqualTo("after the storm");
        }
        assertLiveAndReady();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(controlRejected()).isGreaterThanOrEqualTo(corpus.size()));
    }

    private static void assertLiveAndReady() {
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", is("UP"));
        RestAssured.get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }

    private static double controlRejected() {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("weft_worker_control_rejected_total"))
                .mapToDouble(l -> sampleValue(l)).sum();
    }

    // ------------------------------------------------------------------ helpers

    private void assertOneSetOfItems(String workspaceId) {
        assertThat(itemsOfType(workspaceId, "Lakehouse")).hasSize(1);
        assertThat(itemsOfType(workspaceId, "Ontology")).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(itemsOfType(workspaceId, "GraphModel")).hasSize(1));
        String lakehouseId = itemsOfType(workspaceId, "Lakehouse").get(0).id();
        assertThat(rowCounts(workspaceId, lakehouseId)).as("Overwrite loads: rows are not added twice")
                .containsExactlyInAnyOrderEntriesOf(Map.of("customers", 3L, "products", 2L, "orders", 4L, "order_lines", 5L));
    }

    private static JobFailed failure(JobEvents events, String jobId) {
        List<JobEvent> all = events.await(jobId, JobFailed.class);
        return (JobFailed) all.get(all.size() - 1);
    }

    private static String reason(List<TopicReader.Received> dead, String jobId) {
        return dead.stream().filter(r -> jobId.equals(r.headers().get("ce_subject"))).findFirst().orElseThrow()
                .headers().get(DeadLetterHeaders.REASON);
    }

    private static StepProgressed lastProgress(List<JobEvent> events, String step) {
        return events.stream().filter(e -> e instanceof StepProgressed p && p.step().equals(step)).map(StepProgressed.class::cast)
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no progress of " + step));
    }

    private ProvisionGraphScenario command(String workspace, ScenarioArchives archive) throws Exception {
        Path file = archive.writeTarGz(Files.createTempFile("scenario", ".tar.gz"));
        StagedArchive staged;
        try (InputStream in = Files.newInputStream(file)) {
            staged = staging.stage(in, "retail.tar.gz");
        } finally {
            Files.deleteIfExists(file);
        }
        return new ProvisionGraphScenario(UUID.randomUUID().toString(), workspace, "retail", "retail_lh", "retail_ontology",
                staged, archive.manifest(), Instant.now());
    }

    private static ProvisionGraphScenario withArchive(ProvisionGraphScenario command, StagedArchive archive) {
        return new ProvisionGraphScenario(UUID.randomUUID().toString(), command.workspace(), command.scenarioName(),
                command.lakehouseName(), command.ontologyName(), archive, command.manifest(), command.requestedAt());
    }

    private static String workspaceName() {
        return "ws_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Long> rowCounts(String workspaceId, String lakehouseId) {
        return emulator.admin().tables(workspaceId, lakehouseId).stream()
                .collect(Collectors.toMap(TableInfo::name, TableInfo::rowCount));
    }

    /** The items of a type in a workspace, listed through the Fabric REST API as any client sees them. */
    private List<FabricItem> itemsOfType(String workspaceId, String type) {
        return switch (type) {
            case "Lakehouse" -> lakehouses.list(workspaceId).stream()
                    .map(l -> new FabricItem(l.id(), l.type(), l.displayName(), l.description(), l.workspaceId(), null)).toList();
            case "Ontology" -> ontologies.list(workspaceId);
            case "GraphModel" -> graphModels.list(workspaceId);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Map<String, JsonNode> parts(ItemDefinition definition, String pathPattern) throws Exception {
        Map<String, JsonNode> parts = new java.util.LinkedHashMap<>();
        for (DefinitionPart part : definition.parts()) {
            if (part.path().matches(pathPattern)) {
                parts.put(part.path(), JSON.readTree(part.content()));
            }
        }
        return parts;
    }

    /** The sample's value: the token after the label set (an exemplar and its timestamp may follow, after "#"). */
    private static double sampleValue(String line) {
        // The series ends at the first space, or at the label set's "} " when it has one (an exemplar has its own).
        int space = line.indexOf(' ');
        int labels = line.indexOf('{');
        int start = labels >= 0 && labels < space ? line.indexOf("} ") + 2 : space + 1;
        return Double.parseDouble(line.substring(start).split(" ")[0]);
    }
}
