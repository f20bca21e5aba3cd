package io.weft.fabric.client;

import io.weft.fabric.client.workspace.Workspace;
import io.weft.fabric.client.workspace.WorkspaceClient;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(FabricEmulatorExtension.class)
class WorkspaceClientTest {

    private FabricEmulator emulator;
    private WorkspaceClient workspaces;

    @BeforeEach
    void setUp(FabricEmulator emulator) {
        this.emulator = emulator;
        emulator.admin().reset();
        emulator.admin().pageSize(2);
        workspaces = FabricClient.create(EmulatorSettings.of(emulator)).workspaces();
    }

    @Test
    void resolvesByIdAndByNameOnTheLastOfSeveralPages() {
        for (int i = 0; i < 6; i++) {
            emulator.admin().createWorkspace("ws-" + i);
        }
        String id = emulator.admin().createWorkspace("Sales Analytics");

        assertThat(workspaces.list()).hasSize(7);
        Workspace byName = workspaces.resolve("sales analytics");
        assertThat(byName.id()).isEqualTo(id);
        assertThat(byName.displayName()).isEqualTo("Sales Analytics");
        assertThat(workspaces.resolve(id).displayName()).isEqualTo("Sales Analytics");
    }

    @Test
    void unknownNameAndUnknownIdFailWithClearCodes() {
        assertThatThrownBy(() -> workspaces.resolve("nope"))
                .isInstanceOfSatisfying(FabricException.class, e -> assertThat(e.errorCode()).isEqualTo(ClientErrorCodes.NOT_FOUND))
                .hasMessage("[NotFound] No workspace named 'nope' is visible to this identity");
        assertThatThrownBy(() -> workspaces.resolve(UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.requestId()).isNotBlank();
                    assertThat(e.getMessage()).startsWith("[" + e.errorCode() + "] ");
                });
    }

    @Test
    void createsAWorkspaceAndReportsANameConflict() {
        Workspace created = workspaces.create("Finance", "desc", null);
        assertThat(workspaces.get(created.id()).displayName()).isEqualTo("Finance");

        assertThatThrownBy(() -> workspaces.create("Finance", null, null))
                .isInstanceOfSatisfying(FabricException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("WorkspaceNameAlreadyExists");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.retriable()).isFalse();
                });
    }
}
