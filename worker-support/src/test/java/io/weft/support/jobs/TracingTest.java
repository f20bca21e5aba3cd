package io.weft.support.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.support.tracing.TraceAttributes;
import io.weft.testsupport.kafka.KafkaResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One job, one trace, read back through a real Zipkin server's API: the sender's span (standing in for the
 * gateway's HTTP request span), the command's trip through Kafka, the worker's {@code job <kind>} span with the job
 * id, and the job events it published all share one trace id and hang together by parent ids.
 *
 * <p>This is the worker side of the end-to-end trace at {@code @QuarkusTest} level (the full stack's gateway →
 * provisioner → Fabric trace is what the local stack shows in Zipkin; Fabric's own spans are tested in
 * fabric-client).
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ZipkinResource.class)
class TracingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CommandPublisher publisher;

    @Inject
    OpenTelemetry openTelemetry;

    @ConfigProperty(name = ZipkinResource.URL_PROPERTY)
    String zipkin;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @Test
    void aJobIsOneTraceFromTheRequestThroughKafkaToTheWorkerWithItsJobId() {
        ProvisionGraphScenario command = WiringTest.command("retail");
        Span request = openTelemetry.getTracer("test").spanBuilder("POST /api/v1/scenarios").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = request.makeCurrent()) {
            request.setAttribute(TraceAttributes.JOB_ID, command.jobId());
            publisher.publish(command);
        } finally {
            request.end();
        }
        String traceId = request.getSpanContext().getTraceId();

        JsonNode trace = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> traceWithJob(command.jobId()), t -> t != null && names(t).contains("job graph-scenario")
                        && names(t).stream().anyMatch(n -> n.contains("weft.job-events")));

        List<JsonNode> spans = new ArrayList<>();
        trace.forEach(spans::add);
        assertThat(spans).extracting(s -> s.get("traceId").asText()).as("one trace").containsOnly(traceId);
        JsonNode job = spans.stream().filter(s -> s.get("name").asText().equals("job graph-scenario")).findFirst().orElseThrow();
        assertThat(job.get("tags").get("weft.job.id").asText()).isEqualTo(command.jobId());
        assertThat(job.get("tags").get("weft.job.kind").asText()).isEqualTo("graph-scenario");
        assertThat(ancestors(spans, job)).as("the job span descends from the request span through Kafka")
                .last().isEqualTo("post /api/v1/scenarios");
        assertThat(spans).filteredOn(s -> s.get("name").asText().contains("weft.job-events"))
                .as("the job's events are published inside the job's span")
                .allSatisfy(s -> assertThat(ancestors(spans, s)).contains("job graph-scenario"));
    }

    /** The trace Zipkin finds by the job id tag, or null while it has not got it. */
    private JsonNode traceWithJob(String jobId) throws Exception {
        String query = "/api/v2/traces?serviceName=" + service + "&annotationQuery="
                + URLEncoder.encode("weft.job.id=" + jobId, StandardCharsets.UTF_8) + "&limit=10";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(zipkin + query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode traces = JSON.readTree(response.body());
        assertThat(traces.size()).as("one trace per job").isLessThanOrEqualTo(1);
        if (traces.isEmpty()) {
            return null;
        }
        // The search finds the trace; the trace endpoint returns all of its spans.
        HttpResponse<String> whole = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(zipkin + "/api/v2/trace/" + traces.get(0).get(0).get("traceId").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(whole.body());
    }

    private static List<String> names(JsonNode trace) {
        List<String> names = new ArrayList<>();
        trace.forEach(span -> names.add(span.get("name").asText()));
        return names;
    }

    /** Names of the span's ancestors, nearest first (Zipkin lower-cases span names). */
    private static List<String> ancestors(List<JsonNode> spans, JsonNode span) {
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.get("id").asText(), s));
        List<String> names = new ArrayList<>();
        JsonNode current = span;
        while (current.hasNonNull("parentId") && byId.containsKey(current.get("parentId").asText())) {
            current = byId.get(current.get("parentId").asText());
            names.add(current.get("name").asText());
        }
        return names;
    }
}
