package io.weft.fabric.client;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import io.opentelemetry.api.OpenTelemetry;
import io.weft.fabric.client.auth.CredentialFactory;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.graphmodel.GraphModelClient;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.FabricTelemetry;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.http.TrustingHttpClients;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.onelake.OneLakeClient;
import io.weft.fabric.client.ontology.OntologyClient;
import io.weft.fabric.client.operation.OperationPoller;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.WorkspaceClient;

/**
 * The whole client, built from {@link FabricSettings}: one trusting HTTP client, one credential (Fabric and storage
 * scopes), one Fabric REST pipeline, and the typed clients over them. Under CDI the same objects are beans
 * (see {@code FabricClientProducer}); without CDI call {@link #create(FabricSettings)}.
 */
public final class FabricClient {

    private final WorkspaceClient workspaces;
    private final LakehouseClient lakehouses;
    private final OneLakeClient oneLake;
    private final OntologyClient ontologies;
    private final GraphModelClient graphModels;
    private final SemanticModelClient semanticModels;
    private final OperationPoller operations;
    private final FabricHttp http;

    private FabricClient(FabricSettings settings, OpenTelemetry openTelemetry, HttpClient httpClient) {
        TokenCredential credential = CredentialFactory.create(settings.auth(), httpClient);
        this.http = new FabricHttp(settings, httpClient, credential, new FabricTelemetry(openTelemetry), Sleeper.THREAD);
        this.operations = new OperationPoller(http, Sleeper.THREAD);
        this.workspaces = new WorkspaceClient(http);
        this.lakehouses = new LakehouseClient(http, operations);
        this.ontologies = new OntologyClient(http, operations);
        this.graphModels = new GraphModelClient(http, operations);
        this.semanticModels = new SemanticModelClient(http, operations);
        this.oneLake = new OneLakeClient(new DataLakeServiceClientBuilder().endpoint(settings.oneLakeUrl().toString())
                .credential(credential).httpClient(httpClient).buildClient(), settings.upload());
    }

    public static FabricClient create(FabricSettings settings) {
        return create(settings, OpenTelemetry.noop());
    }

    public static FabricClient create(FabricSettings settings, OpenTelemetry openTelemetry) {
        return create(settings, openTelemetry, TrustingHttpClients.create(settings.trustCertificate(), settings.http()));
    }

    /**
     * With a caller-supplied azure-core HTTP client (a proxy, extra instrumentation). It carries every Fabric, OneLake
     * and Entra call, so it must trust whatever {@code weft.fabric.tls.trust-certificate} would have.
     */
    public static FabricClient create(FabricSettings settings, OpenTelemetry openTelemetry, HttpClient httpClient) {
        return new FabricClient(settings, openTelemetry, httpClient);
    }

    public WorkspaceClient workspaces() {
        return workspaces;
    }

    public LakehouseClient lakehouses() {
        return lakehouses;
    }

    public OneLakeClient oneLake() {
        return oneLake;
    }

    public OntologyClient ontologies() {
        return ontologies;
    }

    public GraphModelClient graphModels() {
        return graphModels;
    }

    public SemanticModelClient semanticModels() {
        return semanticModels;
    }

    public OperationPoller operations() {
        return operations;
    }

    /** The raw transport, for Fabric calls the typed clients do not cover yet. */
    public FabricHttp http() {
        return http;
    }
}
