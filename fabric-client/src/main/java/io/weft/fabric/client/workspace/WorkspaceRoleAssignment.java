package io.weft.fabric.client.workspace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A workspace role assignment.
 *
 * @param principal who ({@code type}: User, Group, ServicePrincipal, ServicePrincipalProfile)
 * @param role      Admin, Member, Contributor or Viewer
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkspaceRoleAssignment(String id, Principal principal, String role) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Principal(String id, String type) {
    }
}
