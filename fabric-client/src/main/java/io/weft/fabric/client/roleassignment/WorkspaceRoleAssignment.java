package io.weft.fabric.client.roleassignment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A workspace role assignment. Its id is the principal's id.
 *
 * @param principal who ({@code type}: User, Group, ServicePrincipal, ServicePrincipalProfile)
 * @param role      Admin, Member, Contributor or Viewer
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkspaceRoleAssignment(String id, Principal principal, String role) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Principal(String id, String type, String displayName) {
    }
}
