package io.weft.fabric.client;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import io.weft.fabric.client.http.OneLakeTelemetryPolicy;
import io.opentelemetry.api.OpenTelemetry;
import io.weft.fabric.client.auth.CredentialFactory;
import io.weft.fabric.client.capacity.CapacityClient;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipelineClient;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.graphmodel.GraphModelClient;
import io.weft.fabric.client.http.ExchangeRecorder;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.FabricTelemetry;
import io.weft.fabric.client.http.RecordingPolicy;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.job.ItemJobClient;
import io.weft.fabric.client.http.TrustingHttpClients;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.onelake.OneLakeClient;
import io.weft.fabric.client.ontology.OntologyClient;
import io.weft.fabric.client.operation.OperationPoller;
import io.weft.fabric.client.powerbi.PowerBiRefreshClient;
import io.weft.fabric.client.roleassignment.RoleAssignmentClient;
import io.weft.fabric.client.semanticmodel.SemanticModelClient;
import io.weft.fabric.client.workspace.WorkspaceClient;

/**
 * The whole client, built from {@link FabricSettings}: one trusting HTTP client, one credential (Fabric, Power BI and
 * storage scopes), one Fabric REST pipeline and one Power BI pipeline, and the typed clients over them. Under CDI the same objects are beans
 * (see {@code FabricClientProducer}); without CDI call {@link #create(FabricSettings)}.
 */
public final class FabricClient {

    private final WorkspaceClient workspaces;
    private final CapacityClient capacities;
    private final io.weft.fabric.client.connection.ConnectionClient connections;
    private final RoleAssignmentClient roleAssignments;
    private final LakehouseClient lakehouses;
    private final OneLakeClient oneLake;
    private final OntologyClient ontologies;
    private final GraphModelClient graphModels;
    private final SemanticModelClient semanticModels;
    private final ItemJobClient jobs;
    private final DeploymentPipelineClient pipelines;
    private final PowerBiRefreshClient refreshes;
    private final FabricHttp powerBiHttp;
    private final OperationPoller operations;
    private final FabricHttp http;

    private final ExchangeRecorder recorder;

    private FabricClient(FabricSettings settings, OpenTelemetry openTelemetry, HttpClient httpClient, TokenCredential credential,
            Sleeper sleeper) {
        this.recorder = settings.recording().file()
                .map(file -> new ExchangeRecorder(file, settings.apiUrl(), settings.oneLakeUrl(), settings.recording().mapGuids()))
                .orElse(null);
        RecordingPolicy recording = recorder == null ? null : new RecordingPolicy(recorder);
        this.http = new FabricHttp(settings, httpClient, credential, new FabricTelemetry(openTelemetry), sleeper, recording);
        this.operations = new OperationPoller(http, sleeper);
        this.workspaces = new WorkspaceClient(http, sleeper);
        this.capacities = new CapacityClient(http);
        this.connections = new io.weft.fabric.client.connection.ConnectionClient(http);
        this.roleAssignments = new RoleAssignmentClient(http);
        this.lakehouses = new LakehouseClient(http, operations);
        this.ontologies = new OntologyClient(http, operations);
        this.graphModels = new GraphModelClient(http, operations);
        this.semanticModels = new SemanticModelClient(http, operations);
        this.jobs = new ItemJobClient(http);
        this.pipelines = new DeploymentPipelineClient(http, operations);
        this.powerBiHttp = FabricHttp.powerBi(settings, httpClient, credential, http.telemetry(), sleeper, recording);
        this.refreshes = new PowerBiRefreshClient(powerBiHttp);
        OneLakeTelemetryPolicy oneLakeTelemetry = new OneLakeTelemetryPolicy(http.telemetry(), settings.oneLakeUrl());
        DataLakeServiceClientBuilder oneLakeBuilder = new DataLakeServiceClientBuilder().endpoint(settings.oneLakeUrl().toString())
                .credential(credential).httpClient(httpClient).addPolicy(oneLakeTelemetry);
        if (recording != null) {
            oneLakeBuilder.addPolicy(recording);
        }
        this.oneLake = new OneLakeClient(oneLakeBuilder.buildClient(), settings.upload(), oneLakeTelemetry);
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
        return create(settings, openTelemetry, httpClient, Sleeper.scaled(settings.polling().timeScale()));
    }

    /** With the sleeper every poll, throttling and name-reservation wait goes through (e.g. a {@code RecordingSleeper}). */
    public static FabricClient create(FabricSettings settings, OpenTelemetry openTelemetry, HttpClient httpClient, Sleeper sleeper) {
        return create(settings, openTelemetry, httpClient, CredentialFactory.create(settings.auth(), httpClient), sleeper);
    }

    /** With a caller-supplied credential too (replaying a recording needs no Entra). */
    public static FabricClient create(FabricSettings settings, OpenTelemetry openTelemetry, HttpClient httpClient,
            TokenCredential credential, Sleeper sleeper) {
        return new FabricClient(settings, openTelemetry, httpClient, credential, sleeper);
    }

    /** Flushes and closes the recording file, if recording. */
    public void closeRecording() {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public WorkspaceClient workspaces() {
        return workspaces;
    }

    public CapacityClient capacities() {
        return capacities;
    }

    public io.weft.fabric.client.connection.ConnectionClient connections() {
        return connections;
    }

    public RoleAssignmentClient roleAssignments() {
        return roleAssignments;
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

    /** The job scheduler: on-demand runs of pipelines, notebooks, Spark job definitions. */
    public ItemJobClient jobs() {
        return jobs;
    }

    /** Deployment pipelines: stages, their items, and deploying stage content. */
    public DeploymentPipelineClient pipelines() {
        return pipelines;
    }

    /** Semantic model refreshes through the Power BI REST API (its own base URL and token scope). */
    public PowerBiRefreshClient refreshes() {
        return refreshes;
    }

    /** The raw Power BI transport, for Power BI calls not typed yet. */
    public FabricHttp powerBiHttp() {
        return powerBiHttp;
    }

    public OperationPoller operations() {
        return operations;
    }

    /** The raw transport, for Fabric calls the typed clients do not cover yet. */
    public FabricHttp http() {
        return http;
    }
}
