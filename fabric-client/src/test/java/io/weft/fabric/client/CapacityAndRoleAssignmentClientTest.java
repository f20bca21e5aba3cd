package io.weft.fabric.client;

import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.capacity.Capacity;
import io.weft.fabric.client.capacity.CapacityClient;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.roleassignment.RoleAssignmentClient;
import io.weft.fabric.client.roleassignment.WorkspaceRoleAssignment;
import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.fabric.emulator.fabric.Capacities;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(FabricEmulatorExtension.class)
class CapacityAndRoleAssignmentClientTest {

    private FabricEmulator emulator;
    private FabricClient client;
    private RecordingSleeper sleeper;
    private WorkspaceClient workspaces;
    private CapacityClient capacities;
    private RoleAssignmentClient roles;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().pageSize(2);
        client = FabricClient.create(EmulatorSettings.of(emulator));
        // records each wait, and waits it: the emulator's assignment progress moves with the wall clock
        sleeper = RecordingSleeper.over(Sleeper.THREAD);
        workspaces = new WorkspaceClient(client.http(), sleeper);
        capacities = client.capacities();
        roles = client.roleAssignments();
    }

    @Test
    void capacitiesResolveByNameOrIdAcrossPages() {
        assertThat(capacities.list()).extracting(Capacity::displayName).containsExactly("F4 Capacity", "F8 Capacity", "F16 Capacity");
        Capacity f16 = capacities.resolve("f16 capacity");
        assertThat(f16.sku()).isEqualTo("F16");
        assertThat(capacities.resolve(f16.id()).displayName()).isEqualTo("F16 Capacity");
        assertThat(capacities.get(f16.id()).active()).isTrue();
        assertThatThrownBy(() -> capacities.resolve("F2 Trial"))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.NOT_FOUND));
    }

    @Test
    void assignmentIsAwaitedWithTheOperationBackoffUntilCompleted() throws InterruptedException {
        emulator.admin().operationDuration(Duration.ofMillis(700));
        Workspace ws = workspaces.create("Capacity " + UUID.randomUUID(), null, null);
        String f4 = capacities.resolve("F4 Capacity").id();
        workspaces.assignToCapacity(ws.id(), f4);
        List<String> seen = new ArrayList<>();

        Workspace assigned = workspaces.awaitCapacityAssignment(ws.id(), w -> seen.add(w.capacityAssignmentProgress()));

        assertThat(assigned.capacityId()).isEqualTo(f4);
        assertThat(assigned.capacityAssignmentProgress()).isEqualTo(Workspace.ASSIGNMENT_COMPLETED);
        assertThat(seen.get(0)).isEqualTo(Workspace.ASSIGNMENT_IN_PROGRESS);
        assertThat(seen).last().isEqualTo(Workspace.ASSIGNMENT_COMPLETED);
        assertThat(waits()).hasSize(seen.size() - 1);
        assertThat(waits().subList(0, 2)).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));

        workspaces.unassignFromCapacity(ws.id());
        assertThat(workspaces.get(ws.id()).capacityId()).isNull();
    }

    @Test
    void aFailedAssignmentIsAnErrorWithItsCode() {
        emulator.admin().operationDuration(Duration.ZERO);
        emulator.admin().addFault(Fault.operationFailure(Capacities.OPERATION_KIND, "Boom", "boom"));
        Workspace ws = workspaces.create("Failing " + UUID.randomUUID(), null, null);
        workspaces.assignToCapacity(ws.id(), capacities.resolve("F4 Capacity").id());

        assertThatThrownBy(() -> workspaces.awaitCapacityAssignment(ws.id(), w -> {
        })).isInstanceOfSatisfying(FabricException.class,
                e -> assertThat(e.errorCode()).isEqualTo(WorkspaceClient.CAPACITY_ASSIGNMENT_FAILED))
                .hasMessageContaining("capacityAssignmentProgress Failed");
        assertThat(waits()).isEmpty();
    }

    @Test
    void anInactiveCapacityIsRefusedWithFabricsCode() {
        Workspace ws = workspaces.create("Inactive " + UUID.randomUUID(), null, null);
        assertThatThrownBy(() -> workspaces.assignToCapacity(ws.id(), capacities.resolve("F8 Capacity").id()))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo("CapacityNotInActiveState"));
    }

    @Test
    void roleAssignmentsAddListAcrossPagesFindUpdateAndDelete() {
        Workspace ws = workspaces.create("Roles " + UUID.randomUUID(), null, null);
        String user = UUID.randomUUID().toString();
        String group = UUID.randomUUID().toString();
        String sp = UUID.randomUUID().toString();
        WorkspaceRoleAssignment added = roles.add(ws.id(), user, "User", "Admin");
        roles.add(ws.id(), group, "Group", "Viewer");
        roles.add(ws.id(), sp, "ServicePrincipal", "Contributor");

        assertThat(added.id()).isEqualTo(user);
        assertThat(roles.list(ws.id())).extracting(a -> a.principal().id()).containsExactly(user, group, sp);
        assertThat(roles.findByPrincipal(ws.id(), sp.toUpperCase())).get().extracting(WorkspaceRoleAssignment::role).isEqualTo("Contributor");
        assertThat(roles.updateRole(ws.id(), group, "Member").role()).isEqualTo("Member");
        assertThat(roles.get(ws.id(), group).role()).isEqualTo("Member");
        assertThatThrownBy(() -> roles.add(ws.id(), group, "Group", "Admin"))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("PrincipalAlreadyHasWorkspaceRolePermissions");
                    assertThat(e.httpStatus()).isEqualTo(409);
                });

        roles.delete(ws.id(), group);
        assertThat(roles.findByPrincipal(ws.id(), group)).isEmpty();
        assertThat(emulator.admin().roleAssignments(ws.id())).containsOnlyKeys(user, sp);
    }

    @Test
    void aLakehouseIsHardDeleted() {
        Workspace ws = workspaces.create("Items " + UUID.randomUUID(), null, null);
        LakehouseClient lakehouses = client.lakehouses();
        String id = emulator.admin().createLakehouse(ws.id(), "bronze", false);

        lakehouses.delete(ws.id(), id, true);

        assertThat(lakehouses.list(ws.id())).isEmpty();
    }

    private List<Duration> waits() {
        return sleeper.waits().stream().map(RecordingSleeper.Wait::requested).toList();
    }
}
