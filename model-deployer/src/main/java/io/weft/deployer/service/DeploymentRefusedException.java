package io.weft.deployer.service;

import io.weft.support.jobs.JobFailureException;

/**
 * A deployment that would replace or collide with a model it must not touch. The job fails with this message;
 * the command is not dead-lettered, since it is well-formed and the same request with
 * {@code confirmOverwrite=true} (or after the model is removed) succeeds.
 */
public class DeploymentRefusedException extends JobFailureException {

    /** Prod mode found a model of the base name and the command does not confirm the overwrite. */
    public static final String OVERWRITE_NOT_CONFIRMED = "OverwriteNotConfirmed";
    /** Dev mode found a model of its timestamped name that another request created. */
    public static final String DEV_NAME_TAKEN = "DevModelNameTaken";

    public DeploymentRefusedException(String code, String modelName, String message) {
        super(code, message, modelName, false);
    }

    /** The model concerned. */
    public String modelName() {
        return resource();
    }
}
