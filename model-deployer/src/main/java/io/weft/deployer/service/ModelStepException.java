package io.weft.deployer.service;

/** A failure while working on one model, wrapped to name the model in the job's error. */
public class ModelStepException extends RuntimeException {

    private final String modelName;

    public ModelStepException(String modelName, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.modelName = modelName;
    }

    public String modelName() {
        return modelName;
    }
}
