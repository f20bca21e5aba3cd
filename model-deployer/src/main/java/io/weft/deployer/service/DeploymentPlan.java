package io.weft.deployer.service;

import io.weft.contracts.command.DeploymentMode;

/**
 * What a deployment does once it knows whether a model of its final name exists: create it, replace its
 * definition, or refuse. Pure, so the decision table is tested on its own.
 *
 * @param action  what to do
 * @param outcome what the job result reports: {@code created} or {@code updated}; null when refused
 */
public record DeploymentPlan(Action action, String outcome) {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";

    public enum Action {
        /** No model of that name: create it with the definition. */
        CREATE,
        /** Replace the existing model's definition in place ({@code updateMetadata=true}). */
        UPDATE,
        /** Prod mode found a model and the command does not confirm the overwrite. */
        REFUSE_OVERWRITE,
        /** Dev mode found a model of its timestamped name that another request made. */
        REFUSE_NAME_TAKEN
    }

    /**
     * @param existingDescription the description of the model of the final name, or null when there is none
     */
    public static DeploymentPlan decide(DeploymentMode mode, boolean confirmOverwrite, boolean exists,
            String existingDescription, String jobId) {
        if (!exists) {
            return new DeploymentPlan(Action.CREATE, CREATED);
        }
        // A redelivery of this very command: an earlier attempt got as far as creating or updating the model.
        if (DeploymentMarker.createdBy(existingDescription, jobId)) {
            return new DeploymentPlan(Action.UPDATE, CREATED);
        }
        if (DeploymentMarker.updatedBy(existingDescription, jobId)) {
            return new DeploymentPlan(Action.UPDATE, UPDATED);
        }
        if (mode == DeploymentMode.DEV) {
            return new DeploymentPlan(Action.REFUSE_NAME_TAKEN, null);
        }
        return confirmOverwrite ? new DeploymentPlan(Action.UPDATE, UPDATED) : new DeploymentPlan(Action.REFUSE_OVERWRITE, null);
    }
}
