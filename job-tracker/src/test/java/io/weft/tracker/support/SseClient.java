package io.weft.tracker.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A minimal Server-Sent Events client over a real HTTP connection, collecting the events it receives. */
public final class SseClient implements AutoCloseable {

    /** One received event; {@code receivedAtNanos} is {@link System#nanoTime()} at its arrival. */
    public record Event(String id, String name, String data, long receivedAtNanos) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;
    private final int status;
    private final java.net.http.HttpHeaders headers;
    private final String bodyText;

    /** A stream read as the admin test app. */
    public SseClient(String url, String lastEventId) throws IOException, InterruptedException {
        this(url, lastEventId, Authorized.bearer());
    }

    /** A stream read with this {@code Authorization} header value, or none when null. */
    public SseClient(String url, String lastEventId, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        body = response.body();
        headers = response.headers();
        if (status != 200) {
            // A refusal is a problem document, not a stream: read it whole.
            bodyText = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            reader = null;
            return;
        }
        bodyText = null;
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** The body of a refused request (status other than 200). */
    public String bodyText() {
        return bodyText;
    }

    /** A response header, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public int status() {
        return status;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, name, data.toString(), System.nanoTime()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (IOException closed) {
            // the test closed the stream
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
        if (reader != null) {
            reader.interrupt();
        }
    }
}
