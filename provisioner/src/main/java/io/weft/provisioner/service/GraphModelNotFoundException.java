package io.weft.provisioner.service;

import io.weft.support.jobs.JobFailureException;

/** Fabric did not create the ontology's graph model within the configured budget; retriable. */
public class GraphModelNotFoundException extends JobFailureException {

    public static final String CODE = "GraphModelNotFound";

    public GraphModelNotFoundException(String message) {
        super(CODE, message, null, true);
    }
}
