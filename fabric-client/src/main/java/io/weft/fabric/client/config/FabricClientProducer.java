package io.weft.fabric.client.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.weft.fabric.client.FabricClient;
import io.quarkus.arc.DefaultBean;
import io.quarkus.arc.properties.IfBuildProperty;
import io.weft.fabric.client.capacity.CapacityClient;
import io.weft.fabric.client.deploymentpipeline.DeploymentPipelineClient;
import io.weft.fabric.client.graphmodel.GraphModelClient;
import io.weft.fabric.client.http.FabricCallMetrics;
import io.weft.fabric.client.http.RecordingSleeper;
import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.http.TrustingHttpClients;
import io.weft.fabric.client.lakehouse.LakehouseClient;
import io.weft.fabric.client.onelake.OneLakeClient;
import io.weft.fabric.client.ontology.OntologyClient;
import io.weft.fabric.client.operation.OperationPoller;
import io.weft.fabric.client.roleassignment.RoleAssignmentClient;
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
    FabricClient fabricClient(FabricClientConfig config, Instance<OpenTelemetry> openTelemetry, Sleeper sleeper) {
        FabricSettings settings = config.toSettings();
        com.azure.core.http.HttpClient http = TrustingHttpClients.create(settings.trustCertificate(), settings.http());
        return FabricClient.create(settings, openTelemetry.isResolvable() ? openTelemetry.get() : OpenTelemetry.noop(), http,
                credential(config.auth(), settings.auth(), http), sleeper);
    }

    /** The configured credential; with {@code credentials-provider}, a client secret asked for at every token request. */
    static com.azure.core.credential.TokenCredential credential(FabricClientConfig.Auth config, FabricSettings.Auth auth,
            com.azure.core.http.HttpClient http) {
        if (config.credentialsProvider().isEmpty()) {
            return io.weft.fabric.client.auth.CredentialFactory.create(auth, http);
        }
        if (auth.method() != AuthMethod.CLIENT_SECRET) {
            throw new IllegalStateException("weft.fabric.auth.credentials-provider supplies a client secret: it needs"
                    + " weft.fabric.auth.method=client-secret, not " + auth.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        String asked = config.credentialsProvider().get();
        String providerName = config.credentialsProviderName().orElseThrow(() -> new IllegalStateException(
                "weft.fabric.auth.credentials-provider-name (the provider bean, e.g. key-vault) is required with"
                        + " weft.fabric.auth.credentials-provider"));
        io.quarkus.credentials.CredentialsProvider provider = io.quarkus.credentials.runtime.CredentialsProviderFinder.find(providerName);
        return new io.weft.fabric.client.auth.RotatingClientSecretCredential(auth, () -> {
            String secret = provider.getCredentials(asked).get(io.quarkus.credentials.CredentialsProvider.PASSWORD_PROPERTY_NAME);
            if (secret == null || secret.isEmpty()) {
                throw new IllegalStateException("The credentials provider " + providerName + " has no password for " + asked);
            }
            return secret;
        }, http, "weft.fabric.auth");
    }

    /** The real sleeper at {@code weft.fabric.polling.time-scale}. */
    @Produces
    @Singleton
    @DefaultBean
    Sleeper sleeper(FabricClientConfig config) {
        return Sleeper.scaled(config.polling().timeScale());
    }

    /** With {@code weft.fabric.polling.record-waits=true} (build time, tests): every wait recorded, then really taken. */
    @Produces
    @Singleton
    @IfBuildProperty(name = "weft.fabric.polling.record-waits", stringValue = "true")
    RecordingSleeper recordingSleeper(FabricClientConfig config) {
        return RecordingSleeper.over(Sleeper.scaled(config.polling().timeScale()));
    }

    /** Fabric call metrics from the client's spans; Quarkus adds every SpanProcessor bean to its tracer provider. */
    @Produces
    @Singleton
    SpanProcessor fabricCallMetrics(MeterRegistry registry) {
        return new FabricCallMetrics(registry);
    }

    @Produces
    @Singleton
    WorkspaceClient workspaces(FabricClient client) {
        return client.workspaces();
    }

    @Produces
    @Singleton
    CapacityClient capacities(FabricClient client) {
        return client.capacities();
    }

    @Produces
    @Singleton
    io.weft.fabric.client.connection.ConnectionClient connections(FabricClient client) {
        return client.connections();
    }

    @Produces
    @Singleton
    DeploymentPipelineClient pipelines(FabricClient client) {
        return client.pipelines();
    }

    @Produces
    @Singleton
    RoleAssignmentClient roleAssignments(FabricClient client) {
        return client.roleAssignments();
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
    io.weft.fabric.client.job.ItemJobClient itemJobs(FabricClient client) {
        return client.jobs();
    }

    @Produces
    @Singleton
    io.weft.fabric.client.powerbi.PowerBiRefreshClient refreshes(FabricClient client) {
        return client.refreshes();
    }

    @Produces
    @Singleton
    OperationPoller operations(FabricClient client) {
        return client.operations();
    }
}
