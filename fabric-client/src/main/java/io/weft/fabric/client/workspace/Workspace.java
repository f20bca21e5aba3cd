package io.weft.fabric.client.workspace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Fabric workspace.
 *
 * @param capacityAssignmentProgress {@code InProgress}, {@code Completed} or {@code Failed} while or after the
 *                                   workspace is assigned to a capacity (only in {@code get}); null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Workspace(String id, String displayName, String description, String type, String capacityId,
        String capacityAssignmentProgress) {

    public static final String ASSIGNMENT_IN_PROGRESS = "InProgress";
    public static final String ASSIGNMENT_COMPLETED = "Completed";
    public static final String ASSIGNMENT_FAILED = "Failed";
}
