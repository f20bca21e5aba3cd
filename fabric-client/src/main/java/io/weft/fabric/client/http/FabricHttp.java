package io.weft.fabric.client.http;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.faulttolerance.api.Guard;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.auth.CredentialFactory;
import io.weft.fabric.client.config.FabricSettings;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Fabric REST transport: an azure-core {@link HttpPipeline} (throttling → SDK RetryPolicy → allowed-host check →
 * bearer token → error buffering) over the trusting JDK HTTP client, a SmallRye circuit breaker per Fabric host,
 * a span per call, and Fabric's ErrorResponse turned into {@link FabricException}.
 */
public final class FabricHttp {

    private static final Logger LOG = Logger.getLogger(FabricHttp.class);

    private final FabricSettings settings;
    /** The base every relative call resolves against: the Fabric or the Power BI API URL. */
    private final URI baseUrl;
    private final HttpPipeline pipeline;
    private final HostAllowList allowList;
    private final FabricTelemetry telemetry;
    private final ObjectMapper mapper;
    private final Map<String, Guard> breakers = new ConcurrentHashMap<>();

    public FabricHttp(FabricSettings settings, HttpClient httpClient, TokenCredential credential, FabricTelemetry telemetry,
            Sleeper sleeper) {
        this(settings, httpClient, credential, telemetry, sleeper, null);
    }

    /** With {@code recording} (nullable) as the last policy, so every attempt on the wire is recorded. */
    public FabricHttp(FabricSettings settings, HttpClient httpClient, TokenCredential credential, FabricTelemetry telemetry,
            Sleeper sleeper, RecordingPolicy recording) {
        this(settings, settings.apiUrl(), CredentialFactory.FABRIC_SCOPE, httpClient, credential, telemetry, sleeper, recording);
    }

    /**
     * The Power BI REST transport: the same pipeline (throttling, retries, allow-list, breaker per host, spans, error
     * reading) over {@code settings.powerBiUrl()}, with tokens for the Power BI scope. Power BI's nested error shape
     * is told apart from Fabric's by {@link FabricError}.
     */
    public static FabricHttp powerBi(FabricSettings settings, HttpClient httpClient, TokenCredential credential,
            FabricTelemetry telemetry, Sleeper sleeper, RecordingPolicy recording) {
        return new FabricHttp(settings, settings.powerBiUrl(), CredentialFactory.POWER_BI_SCOPE, httpClient, credential, telemetry,
                sleeper, recording);
    }

    private FabricHttp(FabricSettings settings, URI baseUrl, String scope, HttpClient httpClient, TokenCredential credential,
            FabricTelemetry telemetry, Sleeper sleeper, RecordingPolicy recording) {
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.telemetry = telemetry;
        this.allowList = new HostAllowList(List.of(settings.apiUrl(), settings.oneLakeUrl(), settings.powerBiUrl()),
                settings.allowedHosts());
        this.mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
        List<HttpPipelinePolicy> policies = new ArrayList<>(List.of(
                new UserAgentPolicy("weft-fabric-client"),
                new RequestIdPolicy(),
                new ThrottlingPolicy(settings.throttling(), settings.retry(), sleeper),
                new RetryPolicy(new FabricRetryStrategy(settings.retry())),
                new AttemptEventsPolicy(),
                new AllowedHostPolicy(allowList),
                new BearerTokenAuthenticationPolicy(credential, scope),
                new ErrorBufferingPolicy()));
        if (recording != null) {
            policies.add(recording);
        }
        this.pipeline = new HttpPipelineBuilder().httpClient(httpClient).policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
    }

    public FabricSettings settings() {
        return settings;
    }

    /** The base URL relative calls resolve against. */
    public URI baseUrl() {
        return baseUrl;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public HostAllowList allowList() {
        return allowList;
    }

    public FabricTelemetry telemetry() {
        return telemetry;
    }

    /** Sends the call; a 2xx comes back, anything else is thrown as {@link FabricException}. */
    public FabricResponse send(FabricCall call) {
        URI url = call.resolve(baseUrl);
        String host = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        Span span = telemetry.startCall(call.method().name(), call.pathTemplate(), host);
        try (Scope ignored = span.makeCurrent()) {
            if (!allowList.allows(url)) {
                throw AllowedHostPolicy.untrusted(url.getHost());
            }
            FabricResponse response = breaker(host).call(() -> sendOnce(call, url, span), FabricResponse.class);
            FabricTelemetry.recordOutcome(span, response.status(), response.requestId(), null);
            return response;
        } catch (CircuitBreakerOpenException open) {
            FabricException e = new FabricException(ClientErrorCodes.CIRCUIT_BREAKER_OPEN, "Circuit breaker for Fabric host "
                    + host + " is open after repeated failures; not calling it for " + settings.circuitBreaker().delay(),
                    null, 0, true, null, open);
            FabricTelemetry.recordOutcome(span, 0, null, e.errorCode());
            throw e;
        } catch (FabricException e) {
            FabricTelemetry.recordOutcome(span, e.httpStatus(), e.requestId(), e.errorCode());
            throw e;
        } catch (Exception e) {
            FabricException wrapped = new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE,
                    "Fabric call " + call.method() + " " + call.pathTemplate() + " failed: " + e.getClass().getSimpleName(),
                    null, 0, false, null, e);
            FabricTelemetry.recordOutcome(span, 0, null, wrapped.errorCode());
            throw wrapped;
        } finally {
            span.end();
        }
    }

    /** Sends the call and reads the body as {@code type}. */
    public <T> T read(FabricCall call, Class<T> type) {
        return parse(send(call), type);
    }

    public <T> T parse(FabricResponse response, Class<T> type) {
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE, "Fabric returned a body that is not a "
                    + type.getSimpleName() + ": " + e.getMessage(), response.requestId(), response.status(), false, null, e);
        }
    }

    public JsonNode json(FabricResponse response) {
        return parse(response, JsonNode.class);
    }

    /**
     * Every element of a paged list, following {@code continuationUri} (a relative one resolved against the page's
     * URL; then only to an allowed host) or
     * {@code continuationToken} until Fabric stops sending them.
     */
    public <T> List<T> listAll(FabricCall first, String arrayField, Class<T> type) {
        List<T> all = new ArrayList<>();
        FabricCall call = first;
        while (call != null) {
            FabricResponse response = send(call);
            JsonNode page = json(response);
            for (JsonNode element : page.path(arrayField)) {
                all.add(mapper.convertValue(element, type));
            }
            String uri = page.hasNonNull("continuationUri") ? page.get("continuationUri").asText() : null;
            String token = page.hasNonNull("continuationToken") ? page.get("continuationToken").asText() : null;
            if (uri != null && !uri.isBlank()) {
                URI next = response.resolve(uri);
                if (!allowList.allows(next)) {
                    throw AllowedHostPolicy.untrusted(next.getHost());
                }
                call = FabricCall.absolute(first.pathTemplate(), next);
            } else if (token != null && !token.isBlank()) {
                call = first.query("continuationToken", token);
            } else {
                call = null;
            }
        }
        return all;
    }

    private FabricResponse sendOnce(FabricCall call, URI url, Span span) {
        HttpRequest request = new HttpRequest(call.method(), url.toString());
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        if (call.body() != null) {
            try {
                request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
                request.setBody(BinaryData.fromBytes(mapper.writeValueAsBytes(call.body())));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Cannot serialize request body for " + call.pathTemplate(), e);
            }
        } else if (call.method() == com.azure.core.http.HttpMethod.POST) {
            request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            request.setBody(BinaryData.fromString(""));
        }
        HttpResponse raw;
        try {
            raw = pipeline.sendSync(request, new Context(FabricTelemetry.SPAN_KEY, span)
                    .addData(RecordingPolicy.PATH_TEMPLATE_KEY, call.pathTemplate()));
        } catch (FabricException e) {
            throw e;
        } catch (RuntimeException e) {
            if (FabricRetryStrategy.isConnectionFailure(e)) {
                throw new FabricException(ClientErrorCodes.CONNECTION_FAILED, "No answer from Fabric host " + url.getHost()
                        + " for " + call.method() + " " + call.pathTemplate() + ": " + rootMessage(e), null, 0, true, null, e);
            }
            throw e;
        }
        BufferedResponse response = BufferedResponse.of(raw);
        if (response.getStatusCode() >= 400) {
            FabricError error = FabricError.read(response.getStatusCode(), response.getHeaders(), response.bytes());
            FabricException e = error.toException();
            if (error.kind() == FailureKind.THROTTLED) {
                e = new FabricException(ClientErrorCodes.THROTTLED_BEYOND_BUDGET, "Fabric kept throttling beyond the "
                        + settings.throttling().budget() + " budget; last answer: [" + error.errorCode() + "] " + error.message(),
                        error.requestId(), error.status(), true, error.moreDetails());
            }
            LOG.debugf("Fabric %s %s failed: %s (request id %s)", call.method(), call.pathTemplate(), e.getMessage(), e.requestId());
            throw e;
        }
        return new FabricResponse(response.getStatusCode(), response.getHeaders(), response.bytes(), url);
    }

    private Guard breaker(String host) {
        return breakers.computeIfAbsent(host, h -> Guard.create()
                .withDescription("Fabric host " + h)
                .withCircuitBreaker()
                .requestVolumeThreshold(settings.circuitBreaker().requestVolumeThreshold())
                .failureRatio(settings.circuitBreaker().failureRatio())
                .delay(settings.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(settings.circuitBreaker().successThreshold())
                .when(FabricHttp::countsAgainstHost)
                .done()
                .build());
    }

    /** Only the host failing counts: 5xx after retries, or no answer. Throttling and 4xx are the host working. */
    private static boolean countsAgainstHost(Throwable t) {
        if (t instanceof FabricException e) {
            return ClientErrorCodes.CONNECTION_FAILED.equals(e.errorCode()) || (e.httpStatus() >= 500 && e.retriable());
        }
        return FabricRetryStrategy.isConnectionFailure(t);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
