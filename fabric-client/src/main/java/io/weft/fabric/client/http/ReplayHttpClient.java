package io.weft.fabric.client.http;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An azure-core {@link HttpClient} that answers from a recording made by {@link ExchangeRecorder} instead of the
 * network: the test mode of record and replay. Each request is answered by the first recorded exchange not used yet
 * with the same method and URL ({@code {fabric}}/{@code {onelake}} standing for the configured origins); a request
 * the recording has no answer for fails, naming it. {@link #unanswered()} lists what the client never asked for.
 */
public final class ReplayHttpClient implements HttpClient {

    /** One recorded exchange, as read back. */
    public record Recorded(int line, String method, String url, String pathTemplate, JsonNode requestBody, int status,
            HttpHeaders headers, byte[] body) {
        public boolean isFabric() {
            return url.startsWith(ExchangeRecorder.FABRIC_ORIGIN + "/v1/");
        }
    }

    private final List<Recorded> exchanges;
    private final boolean[] used;
    private final String fabricOrigin;
    private final String oneLakeOrigin;

    private ReplayHttpClient(List<Recorded> exchanges, URI apiUrl, URI oneLakeUrl) {
        this.exchanges = List.copyOf(exchanges);
        this.used = new boolean[exchanges.size()];
        this.fabricOrigin = ExchangeRecorder.origin(apiUrl);
        this.oneLakeOrigin = ExchangeRecorder.origin(oneLakeUrl);
    }

    /** Replays {@code recording} to a client configured with these URLs (their origins replace the placeholders). */
    public static ReplayHttpClient of(Path recording, URI apiUrl, URI oneLakeUrl) {
        return new ReplayHttpClient(read(recording), apiUrl, oneLakeUrl);
    }

    /** Every exchange of a recording, in order. */
    public static List<Recorded> read(Path recording) {
        ObjectMapper mapper = new ObjectMapper();
        List<Recorded> all = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(recording, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode line = mapper.readTree(lines.get(i));
                HttpHeaders headers = new HttpHeaders();
                line.path("headers").fields().forEachRemaining(h -> headers.set(h.getKey(), h.getValue().asText()));
                JsonNode body = line.get("body");
                all.add(new Recorded(i + 1, line.path("method").asText(), line.path("url").asText(),
                        line.hasNonNull("pathTemplate") ? line.get("pathTemplate").asText() : null, line.get("requestBody"),
                        line.path("status").asInt(),
                        headers, body == null ? new byte[0] : mapper.writeValueAsBytes(body)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Fabric recording " + recording, e);
        }
        return all;
    }

    public List<Recorded> exchanges() {
        return exchanges;
    }

    /** The recorded exchanges no request has used yet. */
    public synchronized List<Recorded> unanswered() {
        List<Recorded> left = new ArrayList<>();
        for (int i = 0; i < exchanges.size(); i++) {
            if (!used[i]) {
                left.add(exchanges.get(i));
            }
        }
        return Collections.unmodifiableList(left);
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        String url = placeholders(request.getUrl().toString());
        Recorded answer = take(request.getHttpMethod().name(), url);
        HttpHeaders headers = new HttpHeaders();
        answer.headers().forEach(h -> headers.set(h.getName(), concrete(h.getValue())));
        byte[] body = concrete(new String(answer.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        if (answer.body().length > 0) {
            headers.set("Content-Length", Integer.toString(body.length));
        }
        return new BufferedResponse(request, answer.status(), headers, answer.body().length == 0 ? new byte[0] : body);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        return Mono.fromCallable(() -> sendSync(request, context));
    }

    private synchronized Recorded take(String method, String url) {
        for (int i = 0; i < exchanges.size(); i++) {
            Recorded r = exchanges.get(i);
            if (!used[i] && r.method().equals(method) && r.url().equals(url)) {
                used[i] = true;
                return r;
            }
        }
        throw new IllegalStateException("The recording has no answer left for " + method + " " + url);
    }

    /** A recorded URL with the placeholders replaced by this replay's origins. */
    public URI concreteUrl(Recorded recorded) {
        return URI.create(concrete(recorded.url()));
    }

    private String placeholders(String url) {
        return url.replace(fabricOrigin, ExchangeRecorder.FABRIC_ORIGIN).replace(oneLakeOrigin, ExchangeRecorder.ONELAKE_ORIGIN);
    }

    private String concrete(String text) {
        return text.replace(ExchangeRecorder.FABRIC_ORIGIN, fabricOrigin).replace(ExchangeRecorder.ONELAKE_ORIGIN, oneLakeOrigin);
    }
}
