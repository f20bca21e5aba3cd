package io.weft.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The upload's form, as the OpenAPI document describes it: the resource reads the body as a stream (so nothing
 * binds to this class), its parts in any order.
 */
@Schema(name = "UploadForm", requiredProperties = {"archive", "scenarioName", "workspace"})
public final class UploadForm {

    @Schema(type = SchemaType.STRING, format = "binary", description = "The scenario archive: .tar, .tar.gz/.tgz or .zip")
    public String archive;

    @Schema(description = "Scenario name: ^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
    public String scenarioName;

    @Schema(description = "Fabric workspace, GUID or display name")
    public String workspace;

    @Schema(description = "Lakehouse name; default <scenario>_lakehouse")
    public String lakehouseName;

    @Schema(description = "Ontology name; default <scenario>_ontology")
    public String ontologyName;

    private UploadForm() {
    }
}
