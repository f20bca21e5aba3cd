package io.weft.contracts.principals;

/**
 * A checked principal and the workspace role it should have.
 *
 * @param principalId the Entra object id, lower-case GUID
 * @param type        the principal's kind
 * @param role        the role
 * @param description a note for people, or null
 */
public record RoleAssignment(String principalId, PrincipalType type, WorkspaceRole role, String description) {
}
