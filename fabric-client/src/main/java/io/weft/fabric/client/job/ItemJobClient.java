package io.weft.fabric.client.job;

import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.FabricResponse;
import io.weft.fabric.client.http.RetryAfter;
import io.weft.fabric.client.item.FabricItem;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fabric's job scheduler: run an item's job on demand, read and list its instances, cancel one. A run answers 202
 * with {@code Location} (the instance) and {@code Retry-After}; it is not a long-running operation (no
 * {@code x-ms-operation-id}, its own states), so {@code OperationPoller} does not apply: see
 * {@link JobInstancePoller}.
 */
public class ItemJobClient {

    static final String INSTANCE = "/workspaces/{workspaceId}/items/{itemId}/jobs/instances/{jobInstanceId}";
    private static final Pattern INSTANCE_PATH = Pattern.compile(".*/workspaces/([^/]+)/items/([^/]+)/jobs/instances/([^/?]+)$");

    private final FabricHttp http;

    public ItemJobClient(FabricHttp http) {
        this.http = http;
    }

    /** The item with this GUID in the workspace. */
    public FabricItem item(String workspaceId, String itemId) {
        return http.read(FabricCall.get("/workspaces/{workspaceId}/items/{itemId}", workspaceId, itemId), FabricItem.class);
    }

    /** The item of this type whose display name is {@code displayName} (case-insensitively), over every page. */
    public Optional<FabricItem> findItem(String workspaceId, String itemType, String displayName) {
        return http.listAll(FabricCall.get("/workspaces/{workspaceId}/items", workspaceId).query("type", itemType), "value", FabricItem.class)
                .stream().filter(i -> displayName.equalsIgnoreCase(i.displayName()) && itemType.equalsIgnoreCase(i.type())).findFirst();
    }

    /**
     * Starts a run of {@code jobType} ({@code POST .../items/{id}/jobs/{jobType}/instances}).
     *
     * @throws FabricException {@code [UnexpectedResponse]} when the answer has no instance {@code Location};
     *                         {@code [UntrustedHost]} when it points outside the allow-list
     */
    public JobInstanceRef start(String workspaceId, String itemId, String jobType, JobRunRequest request) {
        FabricResponse response = http.send(FabricCall.post("/workspaces/{workspaceId}/items/{itemId}/jobs/{jobType}/instances",
                request == null || request.isEmpty() ? null : request, workspaceId, itemId, jobType));
        String location = response.header("Location").orElse(null);
        if (location == null) {
            throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE, "Fabric accepted the " + jobType
                    + " run without a Location for its job instance", response.requestId(), response.status(), false, null);
        }
        JobInstanceRef ref = parse(URI.create(location), response.requestId());
        return new JobInstanceRef(ref.workspaceId(), ref.itemId(), ref.instanceId(), ref.location(),
                RetryAfter.from(response.headers()).orElse(null));
    }

    /** A job instance URL read back (e.g. from a recorded checkpoint), checked against the allow-list and the path form. */
    public JobInstanceRef attach(URI location) {
        return parse(location, null);
    }

    /** The instance's current state and the wait Fabric asks for before the next poll. */
    public Polled get(JobInstanceRef ref) {
        FabricResponse response = http.send(FabricCall.get(INSTANCE, ref.workspaceId(), ref.itemId(), ref.instanceId()));
        return new Polled(http.parse(response, ItemJobInstance.class), RetryAfter.from(response.headers()).orElse(null));
    }

    /** Asks Fabric to cancel the instance (202); it ends {@code Cancelled} later. Fabric refuses a finished one. */
    public void cancel(JobInstanceRef ref) {
        http.send(FabricCall.post(INSTANCE + "/cancel", null, ref.workspaceId(), ref.itemId(), ref.instanceId()));
    }

    /** The item's recent instances (Fabric keeps the last 100 completed, all active ones). */
    public List<ItemJobInstance> list(String workspaceId, String itemId) {
        return http.listAll(FabricCall.get("/workspaces/{workspaceId}/items/{itemId}/jobs/instances", workspaceId, itemId), "value",
                ItemJobInstance.class);
    }

    private JobInstanceRef parse(URI location, String requestId) {
        if (!http.allowList().allows(location)) {
            // Polls go to the configured API URL by id, but a Location off the allow-list means a confused answer.
            throw new FabricException(ClientErrorCodes.UNTRUSTED_HOST, "The job instance Location points at host '"
                    + location.getHost() + "', which is not a configured or allowed Fabric host", requestId, 0, false, null);
        }
        Matcher m = INSTANCE_PATH.matcher(location.getPath());
        if (!m.matches() || location.getQuery() != null) {
            throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE, "The job instance Location " + location
                    + " is not of the form .../workspaces/{w}/items/{i}/jobs/instances/{id}", requestId, 202, false, null);
        }
        return new JobInstanceRef(m.group(1), m.group(2), m.group(3), location, null);
    }

    /** One poll's answer. {@code retryAfter} is null when Fabric asked for no particular wait. */
    public record Polled(ItemJobInstance instance, Duration retryAfter) {
    }
}
