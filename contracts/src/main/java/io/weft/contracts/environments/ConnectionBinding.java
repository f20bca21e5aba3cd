package io.weft.contracts.environments;

/**
 * Binds one data source of a semantic model to a Fabric connection (Fabric's {@code bindConnection}).
 *
 * @param model            the model's base name
 * @param dataSourceType   Fabric's {@code connectionDetails.type}, e.g. {@code SQL}
 * @param dataSourcePath   Fabric's {@code connectionDetails.path}, e.g. {@code server;database}
 * @param connection       the connection, GUID or display name
 * @param connectivityType Fabric's connectivity type, or null for the connection's own
 */
public record ConnectionBinding(String model, String dataSourceType, String dataSourcePath, String connection,
        String connectivityType) {
}
