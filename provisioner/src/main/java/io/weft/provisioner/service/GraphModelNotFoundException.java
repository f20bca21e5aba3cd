package io.weft.provisioner.service;

/** Fabric did not create the ontology's graph model within the configured budget. */
public class GraphModelNotFoundException extends RuntimeException {

    public static final String CODE = "GraphModelNotFound";

    public GraphModelNotFoundException(String message) {
        super(message);
    }
}
