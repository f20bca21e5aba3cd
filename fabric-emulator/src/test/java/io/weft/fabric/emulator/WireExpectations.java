package io.weft.fabric.emulator;

import io.weft.fabric.emulator.RawHttp.Raw;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What real Fabric's answers carry, as recorded traffic shows them (issue #15's table), asserted on a raw exchange:
 * the values, not only the shapes the schemas allow. Deliberately independent of the emulator's own tables, so that a
 * change there that drifts from Fabric fails here.
 */
final class WireExpectations {

    /** Header names as Fabric sends them; a name equal to one of these in another case is a rewrite. */
    static final List<String> EXACT_NAMES = List.of("RequestId", "x-ms-operation-id", "Retry-After", "Location", "ETag",
            "x-ms-public-api-error-code", "Content-Type", "request-redirected", "home-cluster-uri");

    /** The status of a create, per item type (lower case): 201 the item at once, 202 an operation. */
    static final Map<String, Integer> CREATE_STATUS = Map.ofEntries(
            Map.entry("lakehouse", 201), Map.entry("datapipeline", 201), Map.entry("kqlqueryset", 201), Map.entry("dataflow", 201),
            Map.entry("mirroreddatabase", 201), Map.entry("semanticmodel", 202), Map.entry("ontology", 202),
            Map.entry("notebook", 202), Map.entry("warehouse", 202), Map.entry("environment", 202), Map.entry("report", 202),
            Map.entry("sparkjobdefinition", 202));

    /** Retry-After values real Fabric sends on operations: 20 mostly, 30 and 60 as in the spec examples, 120 on publishes. */
    static final List<Integer> OPERATION_RETRY_AFTER = List.of(20, 30, 60, 120);

    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private WireExpectations() {
    }

    /** Every answer: a RequestId, and every known header name exactly as Fabric spells it. */
    static void namesAsFabricSendsThem(Raw r) {
        assertThat(r.value("RequestId")).as("RequestId, exactly so named: %s", r.headerLines()).isNotBlank();
        for (String name : r.names()) {
            EXACT_NAMES.stream().filter(name::equalsIgnoreCase).findFirst()
                    .ifPresent(exact -> assertThat(name).as("header name on the wire").isEqualTo(exact));
        }
    }

    /** The status a create of {@code itemType} answers with in Fabric. */
    static int createStatus(String itemType) {
        Integer status = CREATE_STATUS.get(itemType.toLowerCase(Locale.ROOT));
        assertThat(status).as("a recorded create status for %s", itemType).isNotNull();
        return status;
    }

    /** A 201 create: the item and its ETag at once, no Location. */
    static void createdAtOnce(Raw r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.value("Location")).as("a 201 create has no Location").isNull();
        assertThat(r.value("ETag")).as("a 201 create carries an ETag").isNotBlank();
        assertThat(r.json().path("id").asText()).matches(GUID);
    }

    /**
     * A 202 that started an operation: body the JSON literal {@code null}, an operation id, a Location on the operations
     * host ({@code operationsApiUrl}, which may differ from the host called) naming that operation, a Retry-After of
     * {@code retryAfter}.
     */
    static void operationAccepted(Raw r, String operationsApiUrl, List<Integer> retryAfter) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.text()).as("a 202 body is the JSON literal null").isEqualTo("null");
        String operationId = r.value("x-ms-operation-id");
        assertThat(operationId).matches(GUID);
        assertThat(r.value("Location")).isEqualTo(operationsApiUrl + "/operations/" + operationId);
        assertThat(Integer.parseInt(r.value("Retry-After"))).isIn(retryAfter);
    }

    /** A poll of a running operation: its id and a Retry-After, no Location until it ends. */
    static void operationPolled(Raw r, List<Integer> retryAfter) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.value("x-ms-operation-id")).matches(GUID);
        String status = r.json().path("status").asText();
        if (List.of("NotStarted", "Running").contains(status)) {
            assertThat(Integer.parseInt(r.value("Retry-After"))).isIn(retryAfter);
        }
    }

    /** A 202 that started nothing to poll (capacity assignment): no operation, no Location. */
    static void acceptedWithoutOperation(Raw r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.value("x-ms-operation-id")).isNull();
        assertThat(r.value("Location")).isNull();
    }

    /**
     * A 202 that started a job instance: no operation id (job instances are not operations), an empty body, a
     * Retry-After, and a Location on the host called (job instances stay on api.fabric.microsoft.com, unlike operations)
     * naming the generic instance URL.
     */
    static void jobAccepted(Raw r, String apiUrl, String workspaceId, String itemId) {
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.value("x-ms-operation-id")).as("job instances are not operations").isNull();
        assertThat(r.body()).as("a job start's body is empty").isEmpty();
        assertThat(Integer.parseInt(r.value("Retry-After"))).isNotNegative();
        assertThat(r.value("Location")).matches(Pattern.quote(apiUrl + "/workspaces/" + workspaceId + "/items/" + itemId
                + "/jobs/instances/") + GUID);
    }
}
