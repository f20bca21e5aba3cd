package io.weft.provisioner.service.workspace;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.command.CancelJob;
import io.weft.contracts.command.FailurePolicy;
import io.weft.contracts.command.ProvisionWorkspace;
import io.weft.contracts.command.ProvisionWorkspace.LakehouseSet;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalEntry;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalsFileContent;
import io.weft.contracts.event.JobCancelled;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.JobFailed;
import io.weft.contracts.event.JobSucceeded;
import io.weft.contracts.event.StepProgressed;
import io.weft.contracts.event.StepStarted;
import io.weft.contracts.event.StepSucceeded;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.roleassignment.RoleAssignmentClient;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.Capacities;
import io.weft.provisioner.CommandPublisher;
import io.weft.provisioner.JobEvents;
import io.weft.testsupport.fabric.FabricEmulatorResource;
import io.weft.testsupport.fabric.InjectFabricEmulator;
import io.weft.testsupport.kafka.KafkaResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workspace jobs end to end: commands through the real broker, Fabric through the emulator with the real
 * fabric-client; every outcome checked in the emulator's state. Each test works in a workspace of its own.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(FabricEmulatorResource.class)
class WorkspaceProvisioningTest {

    static final String F4 = "96f3f0ff-4fe2-4712-b61b-05a456ba9357";
    static final String F16 = "af196b7b-0bf8-4430-b383-ad48d14f4edf";
    static final String USER = "8c1f6b2a-5d3e-4f7a-9b0c-1d2e3f4a5b6c";
    static final String GROUP = "2f3e4d5c-6b7a-4891-a2b3-c4d5e6f7a8b9";
    static final String SP = "11111111-2222-4333-8444-555555555555";
    static final String GROUP_2 = "66666666-7777-4888-9999-000000000000";

    @InjectFabricEmulator
    FabricEmulator emulator;

    @Inject
    CommandPublisher publisher;

    @Inject
    WorkspaceClient workspaces;

    @Inject
    LakehouseClient lakehouses;

    @Inject
    RoleAssignmentClient roles;

    @Inject
    CreatedResourceRecords records;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterEach
    void clearFaults() {
        emulator.admin().clearFaults();
    }

    @Test
    void provisionsWorkspaceCapacityFourPrincipalsOfThreeTypesAndTheMedallionLakehouses() {
        String name = workspaceName();
        ProvisionWorkspace command = command(name, "F4 Capacity", new LakehouseSet(null, "sales_", null), FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobSucceeded.class);
            List<String> steps = all.stream().filter(e -> e instanceof StepSucceeded).map(e -> ((StepSucceeded) e).step()).toList();
            assertThat(steps).containsExactlyElementsOf(WorkspaceSteps.ALL);
            Map<String, Object> result = ((JobSucceeded) all.get(all.size() - 1)).result();
            assertThat(((Map<?, ?>) result.get("workspace")).get("created")).isEqualTo(true);
            assertThat(((Map<?, ?>) result.get("capacity")).get("id")).isEqualTo(F4);
            assertThat((List<?>) result.get("created")).hasSize(1 + 4 + 3);
            assertThat(progressDetails(all)).contains("created lakehouse sales_gold (" + lakehouseIds(name).get("sales_gold") + ")");
        }
        Workspace ws = workspace(name);
        assertThat(ws.capacityId()).isEqualTo(F4);
        assertThat(emulator.admin().roleAssignments(ws.id())).containsExactlyInAnyOrderEntriesOf(Map.of(
                USER, "User:Admin", GROUP, "Group:Viewer", SP, "ServicePrincipal:Contributor", GROUP_2, "Group:Member"));
        assertThat(lakehouseIds(name)).containsOnlyKeys("sales_bronze", "sales_silver", "sales_gold");
    }

    @Test
    void theSameCommandTwiceLeavesOneSetOfResources() {
        String name = workspaceName();
        ProvisionWorkspace first = command(name, null, null, FailurePolicy.ROLLBACK);
        ProvisionWorkspace second = withJobId(first, UUID.randomUUID().toString());

        publisher.publish(first);
        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.await(first.jobId(), JobSucceeded.class);
            publisher.publish(second);
            List<JobEvent> all = events.await(second.jobId(), JobSucceeded.class);
            Map<String, Object> result = ((JobSucceeded) all.get(all.size() - 1)).result();
            assertThat((List<?>) result.get("created")).as("nothing new the second time").isEmpty();
            assertThat(((List<?>) result.get("assignments")).stream().map(a -> String.valueOf(((Map<?, ?>) a).get("action"))).distinct().toList())
                    .containsExactly("unchanged");
        }
        assertThat(countWorkspaces(name)).isEqualTo(1);
        assertThat(lakehouseIds(name)).containsOnlyKeys("bronze", "silver", "gold");
        assertThat(emulator.admin().roleAssignments(workspace(name).id())).hasSize(4);
    }

    @Test
    void aPreExistingWorkspaceIsReusedAndAFailureRemovesOnlyWhatThisRunCreated() {
        String name = workspaceName();
        String workspaceId = emulator.admin().createWorkspace(name);
        String existingLakehouse = emulator.admin().createLakehouse(workspaceId, "bronze", false);
        // The group already has another role: updated by the run, and restored by its rollback.
        addRole(workspaceId, GROUP, "Group", "Member");
        // silver's creation fails: after bronze (found) and before gold.
        emulator.admin().addFault(Fault.operationFailure("CreateItem", "LakehouseCreationFailed", "no room for silver"));
        ProvisionWorkspace command = command(name, null, null, FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.step()).isEqualTo(WorkspaceSteps.CREATE_LAKEHOUSES);
            assertThat(failed.error().message()).contains("rolled back");
            assertThat(failed.error().resource()).isEqualTo("lakehouse silver");
            assertThat(progressDetails(all)).contains("restored roleUpdate Group " + GROUP + " as Viewer (" + GROUP + ")");
        }
        assertThat(workspace(name).id()).as("reused, never deleted").isEqualTo(workspaceId);
        assertThat(lakehouseIds(name)).containsOnly(Map.entry("bronze", existingLakehouse));
        assertThat(emulator.admin().roleAssignments(workspaceId)).containsExactly(Map.entry(GROUP, "Group:Member"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlanReportsEachItemAndRoleAssignmentAndWritesNothing() {
        String name = workspaceName();
        String workspaceId = emulator.admin().createWorkspace(name);
        emulator.admin().createLakehouse(workspaceId, "bronze", false);
        addRole(workspaceId, GROUP, "Group", "Member");
        addRole(workspaceId, GROUP_2, "Group", "Member");
        ProvisionWorkspace plan = asPlan(command(name, "F4 Capacity", null, FailurePolicy.ROLLBACK));
        emulator.admin().clearRequests();

        publisher.publish(plan);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(plan.jobId(), JobSucceeded.class);
            assertThat(all).filteredOn(e -> e instanceof StepSucceeded).extracting(e -> ((StepSucceeded) e).step())
                    .containsExactly(WorkspaceSteps.PLAN_WORKSPACE);
            Map<String, Object> result = ((JobSucceeded) all.get(all.size() - 1)).result();
            assertThat(result).containsEntry("planned", true);
            assertThat((List<Map<String, Object>>) result.get("plan"))
                    .extracting(p -> p.get("itemType") + " " + p.get("name") + ": " + p.get("action"))
                    .containsExactly("Workspace " + name + ": unchanged", "CapacityAssignment F4 Capacity: update",
                            "RoleAssignment User " + USER + ": create", "RoleAssignment Group " + GROUP + ": update",
                            "RoleAssignment ServicePrincipal " + SP + ": create", "RoleAssignment Group " + GROUP_2 + ": unchanged",
                            "Lakehouse bronze: unchanged", "Lakehouse silver: create", "Lakehouse gold: create");
            assertThat((Map<String, Object>) result.get("summary")).containsEntry("create", 4).containsEntry("update", 2)
                    .containsEntry("unchanged", 3);
        }
        assertThat(emulator.admin().requests()).as("a plan only reads").isNotEmpty()
                .noneMatch(io.weft.fabric.emulator.admin.RequestLog.Entry::isWrite);
        assertThat(workspace(name).capacityId()).isNull();
        assertThat(lakehouseIds(name)).containsOnlyKeys("bronze");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlanForAWorkspaceThatDoesNotExistCreatesEverything() {
        String name = workspaceName();
        ProvisionWorkspace plan = asPlan(command(name, "No Such Capacity", new LakehouseSet(List.of("raw"), null, true), FailurePolicy.ROLLBACK));

        publisher.publish(plan);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(plan.jobId(), JobSucceeded.class);
            List<Map<String, Object>> planned = (List<Map<String, Object>>) ((JobSucceeded) all.get(all.size() - 1)).result().get("plan");
            assertThat(planned).extracting(p -> p.get("action")).containsExactly("create", "refused", "create", "create", "create",
                    "create", "create");
            assertThat(planned.get(1).get("reason")).asString().contains("No Such Capacity");
            assertThat(planned.get(6)).containsEntry("name", "raw").containsEntry("reason", "not in workspace '" + name
                    + "' yet; schema-enabled");
        }
        assertThat(countWorkspaces(name)).isZero();
    }

    /**
     * What a worker killed mid-job leaves: the job's earlier attempt created bronze (its description carries the
     * job's provenance mark) in someone else's workspace that also holds their own silver. The redelivered command
     * reuses both, creates nothing twice, and when gold fails its rollback removes bronze (the job's) but neither
     * silver nor the workspace.
     */
    @Test
    void aRedeliveredCommandRecognisesWhatItsEarlierAttemptCreated() {
        String name = workspaceName();
        ProvisionWorkspace command = command(name, null, null, FailurePolicy.ROLLBACK);
        String workspaceId = emulator.admin().createWorkspace(name);
        String bronze = lakehouses.create(workspaceId, "bronze", "Lakehouse " + WorkspaceFabric.provenance(command.jobId()), false,
                io.weft.fabric.client.ProgressListener.NONE).id();
        String silver = emulator.admin().createLakehouse(workspaceId, "silver", false);
        emulator.admin().addFault(Fault.operationFailure("CreateItem", "LakehouseCreationFailed", "no room for gold"));

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            assertThat(((JobFailed) all.get(all.size() - 1)).error().resource()).isEqualTo("lakehouse gold");
            assertThat(progressDetails(all)).contains("deleted lakehouse bronze (" + bronze + ")");
        }
        assertThat(workspace(name).id()).isEqualTo(workspaceId);
        assertThat(lakehouseIds(name)).containsOnly(Map.entry("silver", silver));
        assertThat(emulator.admin().roleAssignments(workspaceId)).isEmpty();
    }

    /**
     * The durable record, as a worker killed mid-job leaves it: its attempt added the user's role and changed the
     * group's in someone else's workspace (no provenance mark can tell those apart from anyone's), and wrote both to
     * the record before the calls. The redelivered command finds them on the record: reported as that attempt's, and
     * undone by the rollback when gold fails, while the workspace's own assignment stays.
     */
    @Test
    void roleChangesAnEarlierAttemptRecordedAreRolledBackAfterTheRedelivery() {
        String name = workspaceName();
        ProvisionWorkspace command = command(name, null, null, FailurePolicy.ROLLBACK);
        String workspaceId = emulator.admin().createWorkspace(name);
        String owner = UUID.randomUUID().toString();
        addRole(workspaceId, owner, "User", "Admin");
        addRole(workspaceId, USER, "User", "Admin");
        addRole(workspaceId, GROUP, "Group", "Viewer");
        records.save(command.jobId(), List.of(
                new CreatedResource(CreatedResource.ROLE_ASSIGNMENT, USER, "User " + USER + " as Admin", workspaceId, null),
                new CreatedResource(CreatedResource.ROLE_UPDATE, GROUP, "Group " + GROUP + " as Viewer", workspaceId, "Member")));
        emulator.admin().addFault(Fault.operationFailure("CreateItem", "LakehouseCreationFailed", "no room").times(1));

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.error().message()).contains("rolled back").contains("roleAssignment User " + USER)
                    .contains("roleUpdate Group " + GROUP);
            StepSucceeded roles = all.stream().filter(e -> e instanceof StepSucceeded s && s.step().equals(WorkspaceSteps.ASSIGN_ROLES))
                    .map(StepSucceeded.class::cast).findFirst().orElseThrow();
            assertThat(roles.output()).as("the earlier attempt's changes counted as the job's")
                    .containsEntry("added", 3).containsEntry("updated", 1).containsEntry("unchanged", 0);
            assertThat(progressDetails(all)).contains("deleted roleAssignment User " + USER + " as Admin (" + USER + ")",
                    "restored roleUpdate Group " + GROUP + " as Viewer (" + GROUP + ")");
        }
        assertThat(emulator.admin().roleAssignments(workspaceId)).containsExactlyInAnyOrderEntriesOf(Map.of(
                owner, "User:Admin", GROUP, "Group:Member"));
        assertThat(records.recorded(command.jobId())).as("what was undone is off the record").isEmpty();
    }

    @Test
    void aCapacityAssignedToAPreExistingWorkspaceIsMovedBackByARollback() throws InterruptedException {
        String name = workspaceName();
        String workspaceId = emulator.admin().createWorkspace(name);
        workspaces.assignToCapacity(workspaceId, F16);
        workspaces.awaitCapacityAssignment(workspaceId, w -> { });
        emulator.admin().addFault(Fault.operationFailure("CreateItem", "LakehouseCreationFailed", "no room").times(1));
        ProvisionWorkspace command = command(name, "F4 Capacity", null, FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            assertThat(((JobFailed) all.get(all.size() - 1)).error().message()).contains("capacityAssignment capacity F4 Capacity");
            assertThat(progressDetails(all)).contains("restored capacityAssignment capacity F4 Capacity of workspace " + name
                    + " (" + F4 + ")");
        }
        Workspace after = workspace(name);
        assertThat(after.id()).isEqualTo(workspaceId);
        assertThat(after.capacityId()).as("back on the capacity it had").isEqualTo(F16);
        assertThat(after.capacityAssignmentProgress()).isEqualTo(Workspace.ASSIGNMENT_COMPLETED);
    }

    @Test
    void aPreExistingWorkspaceWithoutCapacityIsUnassignedByARollback() {
        String name = workspaceName();
        String workspaceId = emulator.admin().createWorkspace(name);
        emulator.admin().addFault(Fault.operationFailure("CreateItem", "LakehouseCreationFailed", "no room").times(1));
        ProvisionWorkspace command = command(name, F4, null, FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.await(command.jobId(), JobFailed.class);
        }
        assertThat(workspace(name).id()).isEqualTo(workspaceId);
        assertThat(workspace(name).capacityId()).as("on no capacity, as before").isNull();
    }

    /** The first step in turn: Fabric refuses the workspace; nothing was created, so nothing is rolled back or touched. */
    @Test
    void aRefusedWorkspaceCreationFailsTheFirstStepAndTouchesNothing() {
        String name = workspaceName();
        String other = emulator.admin().createWorkspace(workspaceName());
        emulator.admin().addFault(new Fault(Fault.SERVER_ERROR, 1, "POST", "/v1/workspaces", null, null, 403,
                "InsufficientPrivileges", "The caller cannot create workspaces", null, null));
        ProvisionWorkspace command = command(name, "F4 Capacity", null, FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.step()).isEqualTo(WorkspaceSteps.RESOLVE_WORKSPACE);
            assertThat(failed.error().code()).isEqualTo("InsufficientPrivileges");
            assertThat(failed.error().message()).doesNotContain("rolled back");
            assertThat(all).noneMatch(e -> e instanceof StepStarted st && st.step().equals(WorkspaceSteps.ROLLBACK));
        }
        assertThat(countWorkspaces(name)).isZero();
        assertThat(workspaces.get(other).capacityId()).as("another workspace untouched").isNull();
        assertThat(emulator.admin().roleAssignments(other)).isEmpty();
    }

    @Test
    void aFailedCapacityAssignmentRemovesTheWorkspaceThisRunCreated() {
        String name = workspaceName();
        emulator.admin().addFault(Fault.operationFailure(Capacities.OPERATION_KIND, "CapacityAssignmentFailed", "boom"));
        ProvisionWorkspace command = command(name, "F4 Capacity", null, FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.error().code()).isEqualTo("CapacityAssignmentFailed");
            assertThat(failed.error().message()).contains("rolled back: [workspace " + name);
        }
        assertThat(countWorkspaces(name)).isZero();
    }

    @Test
    void aFailedRoleAssignmentRemovesTheAssignmentsAddedAndTheWorkspace() {
        String name = workspaceName();
        List<PrincipalEntry> principals = List.of(new PrincipalEntry(USER, "Admin", "User", null),
                new PrincipalEntry(SP, "Admin", "ServicePrincipalProfile", "not allowed to be Admin"));
        ProvisionWorkspace command = new ProvisionWorkspace(UUID.randomUUID().toString(), name, null, null, principals, null,
                null, null, Instant.now());

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.error().code()).isEqualTo("WorkspaceRoleNotAllowedForServicePrincipalProfile");
            List<String> details = progressDetails(all);
            int user = details.indexOf(details.stream().filter(d -> d.startsWith("deleted roleAssignment User")).findFirst().orElseThrow());
            int ws = details.indexOf(details.stream().filter(d -> d.startsWith("deleted workspace")).findFirst().orElseThrow());
            assertThat(user).as("newest first").isLessThan(ws);
        }
        assertThat(countWorkspaces(name)).isZero();
    }

    @Test
    void keepLeavesWhatWasCreated() {
        String name = workspaceName();
        emulator.admin().addFault(Fault.operationFailure(Capacities.OPERATION_KIND, "CapacityAssignmentFailed", "boom"));
        ProvisionWorkspace command = command(name, "F4 Capacity", null, FailurePolicy.KEEP);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            assertThat(((JobFailed) all.get(all.size() - 1)).step()).isEqualTo(WorkspaceSteps.ASSIGN_CAPACITY);
            assertThat(all).noneMatch(e -> e instanceof StepStarted s && s.step().equals(WorkspaceSteps.ROLLBACK));
        }
        assertThat(countWorkspaces(name)).isEqualTo(1);
    }

    @Test
    void aRollbackThatFailsLeavesTheJobFailedWithBothErrorsAndWhatIsLeft() {
        String name = workspaceName();
        emulator.admin().addFault(Fault.operationFailure(Capacities.OPERATION_KIND, "CapacityAssignmentFailed", "boom"));
        emulator.admin().addFault(new Fault(Fault.SERVER_ERROR, null, "DELETE", "/v1/workspaces/[^/]+", null, null, 403,
                "InsufficientPrivileges", "The caller does not have sufficient privileges", null, null));
        ProvisionWorkspace command = command(name, "F4 Capacity", null, FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.error().code()).isEqualTo("RollbackFailed");
            assertThat(failed.step()).isEqualTo(WorkspaceSteps.ROLLBACK);
            assertThat(failed.error().message()).contains("[CapacityAssignmentFailed]").contains("[InsufficientPrivileges]")
                    .contains("left in place: [workspace " + name);
        } finally {
            emulator.admin().clearFaults();
        }
        assertThat(countWorkspaces(name)).isEqualTo(1);
    }

    @Test
    void aCancelDuringTheCapacityWaitRollsBack() {
        String name = workspaceName();
        emulator.admin().addFault(Fault.slowOperations(Capacities.OPERATION_KIND, 60_000));
        ProvisionWorkspace command = command(name, "F4 Capacity", null, FailurePolicy.ROLLBACK);

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            events.awaitUntil(command.jobId(), Duration.ofSeconds(60), all -> all.stream().anyMatch(e -> e instanceof StepProgressed p
                    && p.step().equals(WorkspaceSteps.ASSIGN_CAPACITY) && "capacityAssignmentProgress InProgress".equals(p.detail())));
            publisher.publish(new CancelJob(command.jobId(), "wrong capacity", Instant.now()));
            List<JobEvent> all = events.await(command.jobId(), JobCancelled.class);
            JobCancelled cancelled = (JobCancelled) all.get(all.size() - 1);
            assertThat(cancelled.reason()).contains("rolled back: [workspace " + name);
            assertThat(cancelled.lastCompletedStep()).isEqualTo(WorkspaceSteps.ROLLBACK);
        }
        assertThat(countWorkspaces(name)).isZero();
    }

    @Test
    void aBadPrincipalsFileFailsTheJobWithEveryProblemAndChangesNothing() {
        String name = workspaceName();
        String csv = """
                principal_id,role,description,type
                not-a-guid,Admin,,User
                %s,Owner,,Robot
                """.formatted(USER);
        ProvisionWorkspace command = new ProvisionWorkspace(UUID.randomUUID().toString(), name, null, null, null,
                new PrincipalsFileContent("team.csv", csv), null, null, Instant.now());

        publisher.publish(command);

        try (JobEvents events = JobEvents.open(bootstrapServers)) {
            List<JobEvent> all = events.await(command.jobId(), JobFailed.class);
            JobFailed failed = (JobFailed) all.get(all.size() - 1);
            assertThat(failed.error().code()).isEqualTo("InvalidPrincipals");
            assertThat(failed.error().message()).contains("3 problems")
                    .contains("team.csv line 2: principal_id 'not-a-guid' is not a GUID")
                    .contains("team.csv line 3: role 'Owner'").contains("team.csv line 3: type 'Robot'");
            assertThat(all).noneMatch(e -> e instanceof StepStarted);
        }
        assertThat(countWorkspaces(name)).isZero();
    }

    // ------------------------------------------------------------------ fixtures

    static ProvisionWorkspace command(String name, String capacity, LakehouseSet lakehouses, FailurePolicy policy) {
        List<PrincipalEntry> inline = List.of(new PrincipalEntry(USER, "admin", "user", "owner"));
        String csv = """
                principal_id,role,description,type
                # analysts
                %s,Viewer,Analysts,Group
                %s,contributor,Pipelines,ServicePrincipal

                %s,Member,Engineers,Group
                """.formatted(GROUP, SP, GROUP_2);
        return new ProvisionWorkspace(UUID.randomUUID().toString(), name, "test workspace", capacity, inline,
                new PrincipalsFileContent("principals.csv", csv), lakehouses, policy, Instant.now());
    }

    static ProvisionWorkspace withJobId(ProvisionWorkspace c, String jobId) {
        return new ProvisionWorkspace(jobId, c.workspace(), c.description(), c.capacity(), c.principals(), c.principalsFile(),
                c.lakehouses(), c.onFailure(), Instant.now());
    }

    static ProvisionWorkspace asPlan(ProvisionWorkspace c) {
        return new ProvisionWorkspace(c.jobId(), c.workspace(), c.description(), c.capacity(), c.principals(), c.principalsFile(),
                c.lakehouses(), c.onFailure(), c.requestedAt(), true);
    }

    private void addRole(String workspaceId, String principal, String type, String role) {
        roles.add(workspaceId, principal, type, role);
    }

    private Workspace workspace(String name) {
        Workspace found = workspaces.findByName(name).orElseThrow(() -> new AssertionError("no workspace " + name + " in the emulator"));
        return workspaces.get(found.id());
    }

    private long countWorkspaces(String name) {
        return workspaces.list().stream().filter(w -> w.displayName().equals(name)).count();
    }

    private Map<String, String> lakehouseIds(String name) {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        lakehouses.list(workspace(name).id()).forEach(l -> ids.put(l.displayName(), l.id()));
        return ids;
    }

    private static List<String> progressDetails(List<JobEvent> all) {
        List<String> details = new ArrayList<>();
        all.stream().filter(e -> e instanceof StepProgressed p && p.detail() != null).forEach(e -> details.add(((StepProgressed) e).detail()));
        return details;
    }

    private static String workspaceName() {
        return "ws_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
