package io.weft.fabric.client.config;

import io.opentelemetry.api.OpenTelemetry;
import io.weft.fabric.client.FabricClient;
import io.weft.fabric.client.graphmodel.GraphModelClient;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.onelake.OneLakeClient;
import io.weft.fabric.client.ontology.OntologyClient;
import io.weft.fabric.client.operation.OperationPoller;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.WorkspaceClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI beans of the client, configured by {@code weft.fabric.*}. The typed clients are {@code @Singleton}: they are
 * immutable and thread-safe, so no client proxy is needed. Inject {@link FabricClient} or any typed client.
 */
@ApplicationScoped
public class FabricClientProducer {

    @Produces
    @Singleton
    FabricClient fabricClient(FabricClientConfig config, Instance<OpenTelemetry> openTelemetry) {
        return FabricClient.create(config.toSettings(), openTelemetry.isResolvable() ? openTelemetry.get() : OpenTelemetry.noop());
    }

    @Produces
    @Singleton
    WorkspaceClient workspaces(FabricClient client) {
        return client.workspaces();
    }

    @Produces
    @Singleton
    LakehouseClient lakehouses(FabricClient client) {
        return client.lakehouses();
    }

    @Produces
    @Singleton
    OneLakeClient oneLake(FabricClient client) {
        return client.oneLake();
    }

    @Produces
    @Singleton
    OntologyClient ontologies(FabricClient client) {
        return client.ontologies();
    }

    @Produces
    @Singleton
    GraphModelClient graphModels(FabricClient client) {
        return client.graphModels();
    }

    @Produces
    @Singleton
    SemanticModelClient semanticModels(FabricClient client) {
        return client.semanticModels();
    }

    @Produces
    @Singleton
    OperationPoller operations(FabricClient client) {
        return client.operations();
    }
}
