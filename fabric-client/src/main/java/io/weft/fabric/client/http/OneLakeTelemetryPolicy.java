package io.weft.fabric.client.http;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One span per OneLake DFS request ({@code OneLake PATCH /{workspace}/{path}?action=append}), with the status and
 * OneLake's request id ({@code x-ms-request-id}) as a Fabric call's span has them. The storage SDK runs parallel
 * block uploads on its own threads, where the caller's span is not current and the call's azure-core
 * {@code Context} does not reach every request (appends lose it): the uploader names the file's path and its
 * job's context ({@link #track}) for as long as the file's requests run, and each request's span is made a child of
 * the context tracked for its path, else of the current one.
 */
public final class OneLakeTelemetryPolicy implements HttpPipelinePolicy {

    private final FabricTelemetry telemetry;
    /** The endpoint's own path, before the workspace: empty for OneLake, {@code /onelake} for the emulator. */
    private final String basePath;
    /** The OpenTelemetry context of each path being written, by {@code /workspace/path}. */
    private final Map<String, Context> parents = new ConcurrentHashMap<>();

    /** @param endpoint the OneLake DFS endpoint the requests go to */
    public OneLakeTelemetryPolicy(FabricTelemetry telemetry, URI endpoint) {
        this.telemetry = telemetry;
        this.basePath = endpoint.getPath() == null ? "" : endpoint.getPath().replaceAll("/+$", "");
    }

    /**
     * Until the returned handle is closed, requests for {@code path} in {@code workspace} are spans of {@code parent},
     * whatever thread sends them.
     */
    public AutoCloseable track(String workspace, String path, Context parent) {
        String key = "/" + workspace + "/" + path;
        parents.put(key, parent);
        return () -> parents.remove(key, parent);
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        Span span = start(context);
        return next.process()
                .doOnSuccess(response -> end(span, response, null))
                .doOnError(error -> end(span, null, error))
                .doOnCancel(span::end);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Span span = start(context);
        try {
            HttpResponse response = next.processSync();
            end(span, response, null);
            return response;
        } catch (RuntimeException e) {
            end(span, null, e);
            throw e;
        }
    }

    /** Each attempt its own span: its status and request id are that attempt's. */
    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    private Span start(HttpPipelineCallContext context) {
        URL url = context.getHttpRequest().getUrl();
        String path = pathInOneLake(url);
        String method = context.getHttpRequest().getHttpMethod().name();
        return telemetry.startOneLakeCall(parents.getOrDefault(path, Context.current()), method, template(path, url.getQuery()),
                url.getHost());
    }

    private static void end(Span span, HttpResponse response, Throwable error) {
        if (response != null) {
            int status = response.getStatusCode();
            String errorCode = status < 400 ? null
                    : Objects.requireNonNullElse(response.getHeaderValue("x-ms-error-code"), "HTTP " + status);
            FabricTelemetry.recordOutcome(span, status, response.getHeaderValue("x-ms-request-id"), errorCode);
        } else if (error != null) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        }
        span.end();
    }

    /** The request's decoded path after the endpoint's own: {@code /workspace/item/Files/...}. */
    private String pathInOneLake(URL url) {
        String path;
        try {
            path = url.toURI().getPath();
        } catch (URISyntaxException e) {
            path = url.getPath();
        }
        return path.startsWith(basePath) ? path.substring(basePath.length()) : path;
    }

    /**
     * The request's shape without names: {@code /{workspace}}, {@code /{workspace}/{path}} and the query's
     * {@code action} or {@code resource}, which say what the call does (create, append, flush, list).
     */
    static String template(String pathInOneLake, String query) {
        String trimmed = pathInOneLake.replaceAll("^/+|/+$", "");
        String template = trimmed.isEmpty() ? "/" : trimmed.contains("/") ? "/{workspace}/{path}" : "/{workspace}";
        for (String parameter : (query == null ? "" : query).split("&")) {
            String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if ((name.equals("action") || name.equals("resource")) && parameter.contains("=")) {
                return template + "?" + name + "=" + parameter.split("=", 2)[1];
            }
        }
        return template;
    }
}
