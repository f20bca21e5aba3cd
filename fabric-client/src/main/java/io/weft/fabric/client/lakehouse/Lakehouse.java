package io.weft.fabric.client.lakehouse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A lakehouse; {@code properties} is null in list answers of some Fabric versions. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Lakehouse(String id, String type, String displayName, String description, String workspaceId,
        Properties properties) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Properties(String oneLakeTablesPath, String oneLakeFilesPath, SqlEndpointProperties sqlEndpointProperties,
            String defaultSchema) {
    }

    /** {@code provisioningStatus}: InProgress, Success or Failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SqlEndpointProperties(String id, String connectionString, String provisioningStatus) {
    }
}
