package io.weft.fabric.client.http;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.BinaryData;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Records every attempt that reaches the wire, in the Fabric REST pipeline (last policy) and in OneLake's (per
 * retry), through {@link ExchangeRecorder}, which redacts. Only JSON bodies are read; a JSON response is buffered so the
 * caller still gets it; other bodies stream through untouched.
 */
public final class RecordingPolicy implements HttpPipelinePolicy {

    /** Context key under which FabricHttp passes the call's path template. */
    static final String PATH_TEMPLATE_KEY = "weft.fabric.path-template";

    private final ExchangeRecorder recorder;

    public RecordingPolicy(ExchangeRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        HttpRequest request = context.getHttpRequest();
        byte[] requestBody = jsonBody(request.getHeaders(), request.getBodyAsBinaryData());
        HttpResponse response = next.processSync();
        if (!isJson(response.getHeaders())) {
            record(context, requestBody, response, null);
            return response;
        }
        BufferedResponse buffered = BufferedResponse.of(response);
        record(context, requestBody, buffered, buffered.bytes());
        return buffered;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        HttpRequest request = context.getHttpRequest();
        byte[] requestBody = jsonBody(request.getHeaders(), request.getBodyAsBinaryData());
        return next.process().flatMap(response -> {
            if (!isJson(response.getHeaders())) {
                record(context, requestBody, response, null);
                return Mono.just(response);
            }
            return response.getBodyAsByteArray().defaultIfEmpty(new byte[0]).map(bytes -> {
                BufferedResponse buffered = new BufferedResponse(response.getRequest(), response.getStatusCode(),
                        response.getHeaders(), bytes);
                record(context, requestBody, buffered, bytes);
                return (HttpResponse) buffered;
            });
        });
    }

    private void record(HttpPipelineCallContext context, byte[] requestBody, HttpResponse response, byte[] body) {
        HttpRequest request = context.getHttpRequest();
        String length = response.getHeaders().getValue("Content-Length");
        long responseLength = -1;
        try {
            responseLength = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException ignored) {
            // unknown length: left out
        }
        String template = context.getData(PATH_TEMPLATE_KEY).map(Object::toString).orElse(null);
        recorder.record(new ExchangeRecorder.Exchange(request.getHttpMethod().name(), request.getUrl().toString(), template,
                map(request.getHeaders()), requestBody, response.getStatusCode(), map(response.getHeaders()), body, responseLength));
    }

    private static byte[] jsonBody(HttpHeaders headers, BinaryData body) {
        // Only in-memory JSON bodies (Fabric's); OneLake appends stream file content and are never read.
        if (body == null || !isJson(headers) || body.getLength() == null) {
            return null;
        }
        return body.toBytes();
    }

    private static boolean isJson(HttpHeaders headers) {
        String type = headers.getValue("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).contains("json");
    }

    private static Map<String, String> map(HttpHeaders headers) {
        Map<String, String> map = new LinkedHashMap<>();
        for (HttpHeader h : headers) {
            map.put(h.getName(), h.getValue());
        }
        return map;
    }
}
