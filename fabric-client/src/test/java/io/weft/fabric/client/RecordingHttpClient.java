package io.weft.fabric.client;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.http.TrustingHttpClients;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real trusting JDK client, wrapped to write down every exchange it carries (when, where, whether a bearer
 * token was attached, the status): the test's view of the wire. Not a mock: every request really goes out.
 */
final class RecordingHttpClient implements HttpClient {

    record Exchange(Instant sent, Instant answered, String method, URI url, boolean bearer, int status) {
        String path() {
            return url.getPath();
        }
    }

    private final HttpClient delegate;
    final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    RecordingHttpClient(FabricSettings settings) {
        this.delegate = TrustingHttpClients.create(settings.trustCertificate(), settings.http());
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return send(request, Context.NONE);
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request, Context context) {
        Instant sent = Instant.now();
        return delegate.send(request, context).doOnNext(r -> record(request, sent, r.getStatusCode()));
    }

    @Override
    public HttpResponse sendSync(HttpRequest request, Context context) {
        Instant sent = Instant.now();
        try {
            HttpResponse response = delegate.sendSync(request, context);
            record(request, sent, response.getStatusCode());
            return response;
        } catch (RuntimeException e) {
            record(request, sent, 0);
            throw e;
        }
    }

    private void record(HttpRequest request, Instant sent, int status) {
        String auth = request.getHeaders().getValue("Authorization");
        exchanges.add(new Exchange(sent, Instant.now(), request.getHttpMethod().name(), URI.create(request.getUrl().toString()),
                auth != null && auth.startsWith("Bearer "), status));
    }

    /** Fabric REST exchanges ({@code /v1/...}) whose path matches {@code regex}. */
    List<Exchange> fabric(String method, String regex) {
        return exchanges.stream().filter(e -> e.method().equals(method) && e.path().matches(regex)).toList();
    }
}
