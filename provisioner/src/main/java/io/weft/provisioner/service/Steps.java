package io.weft.provisioner.service;

import java.util.List;

/** The steps of a graph-scenario job, in order: the names that appear in job events. */
public final class Steps {

    public static final String FETCH_ARCHIVE = "fetch-archive";
    public static final String PREPARE_LAKEHOUSE = "prepare-lakehouse";
    public static final String UPLOAD_FILES = "upload-files";
    public static final String LOAD_TABLES = "load-tables";
    public static final String APPLY_ONTOLOGY = "apply-ontology";
    public static final String DISCOVER_GRAPH_MODEL = "discover-graph-model";

    public static final List<String> ALL = List.of(FETCH_ARCHIVE, PREPARE_LAKEHOUSE, UPLOAD_FILES, LOAD_TABLES,
            APPLY_ONTOLOGY, DISCOVER_GRAPH_MODEL);

    private Steps() {
    }
}
