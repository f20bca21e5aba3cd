package io.weft.fabric.client.powerbi;

import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricHttp;
import io.weft.fabric.client.http.FabricResponse;
import io.weft.fabric.client.http.RetryAfter;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic model (dataset) refreshes through the Power BI REST API ({@code weft.fabric.power-bi.api-url}, its own
 * token scope): trigger (standard or enhanced), history, execution details (202 while running, 200 once done),
 * cancel. Power BI runs one refresh per model at a time and refuses another with 400 {@code InvalidRequest}
 * ("Another refresh request is already executing"); see {@link #ANOTHER_REFRESH_RUNNING}.
 */
public class PowerBiRefreshClient {

    static final String REFRESHES = "/groups/{groupId}/datasets/{datasetId}/refreshes";
    static final String REFRESH = REFRESHES + "/{refreshId}";
    /** The message fragment of Power BI's refusal of a second concurrent refresh. */
    public static final String ANOTHER_REFRESH_RUNNING = "Another refresh request is already executing";
    private static final Pattern REFRESH_PATH = Pattern.compile(".*/groups/([^/]+)/datasets/([^/]+)/refreshes/([^/?]+)$");

    private final FabricHttp http;

    /** @param http the Power BI transport ({@link FabricHttp#powerBi}) */
    public PowerBiRefreshClient(FabricHttp http) {
        this.http = http;
    }

    /**
     * Starts a refresh. Power BI answers 202 with the refresh id in {@code x-ms-request-id}, and for an enhanced
     * refresh its details URL in {@code Location}.
     *
     * @throws FabricException {@code [InvalidRequest]} when a refresh of the model is already running (see
     *                         {@link #isAnotherRefreshRunning}); {@code [UnexpectedResponse]} for an enhanced refresh
     *                         answered without a {@code Location}
     */
    public RefreshRef trigger(String groupId, String datasetId, RefreshRequest request) {
        FabricResponse response = http.send(FabricCall.post(REFRESHES, request == null ? RefreshRequest.standard() : request,
                groupId, datasetId));
        Duration retryAfter = RetryAfter.from(response.headers()).orElse(null);
        String refreshId = response.header("x-ms-request-id").orElse(null);
        String location = response.header("Location").orElse(null);
        if (request != null && request.enhanced()) {
            if (location == null) {
                throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE, "Power BI accepted the enhanced refresh of dataset "
                        + datasetId + " without a Location for it", refreshId, response.status(), false, null);
            }
            RefreshRef ref = attach(response.resolve(location));
            return new RefreshRef(ref.groupId(), ref.datasetId(), ref.refreshId(), ref.location(), retryAfter);
        }
        return new RefreshRef(groupId, datasetId, refreshId, null, retryAfter);
    }

    /** A refresh details URL read back (e.g. from a checkpoint), checked against the allow-list and the path form. */
    public RefreshRef attach(URI location) {
        if (!http.allowList().allows(location)) {
            throw new FabricException(ClientErrorCodes.UNTRUSTED_HOST, "The refresh Location points at host '" + location.getHost()
                    + "', which is not a configured or allowed host", null, 0, false, null);
        }
        Matcher m = REFRESH_PATH.matcher(location.getPath());
        if (!m.matches() || location.getQuery() != null) {
            throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE, "The refresh Location " + location
                    + " is not of the form .../groups/{g}/datasets/{d}/refreshes/{id}", null, 202, false, null);
        }
        return new RefreshRef(m.group(1), m.group(2), m.group(3), location, null);
    }

    /** The model's refresh history, newest first; {@code top} entries (null: Power BI's default of 60). */
    public List<RefreshDetail> history(String groupId, String datasetId, Integer top) {
        FabricCall call = FabricCall.get(REFRESHES, groupId, datasetId);
        if (top != null) {
            call = call.query("$top", Integer.toString(top));
        }
        FabricResponse response = http.send(call);
        return java.util.stream.StreamSupport.stream(http.json(response).path("value").spliterator(), false)
                .map(node -> http.mapper().convertValue(node, RefreshDetail.class)).toList();
    }

    /** The refresh of the model that is running now (history status {@code Unknown}), if any. */
    public Optional<RefreshDetail> running(String groupId, String datasetId) {
        return history(groupId, datasetId, 10).stream().filter(r -> !r.refreshStatus().terminal()).findFirst();
    }

    /**
     * Where the refresh is: for an enhanced one its execution details (202 while running, 200 once done); for a
     * standard one its history entry.
     */
    public Polled get(RefreshRef ref) {
        if (!ref.enhanced()) {
            FabricResponse response = http.send(FabricCall.get(REFRESHES, ref.groupId(), ref.datasetId()).query("$top", "20"));
            RefreshDetail entry = java.util.stream.StreamSupport.stream(http.json(response).path("value").spliterator(), false)
                    .map(node -> http.mapper().convertValue(node, RefreshDetail.class))
                    .filter(r -> ref.refreshId() != null && ref.refreshId().equalsIgnoreCase(r.requestId()))
                    .findFirst().orElseThrow(() -> new FabricException(ClientErrorCodes.NOT_FOUND, "Refresh " + ref.refreshId()
                            + " of dataset " + ref.datasetId() + " is not in its refresh history", null, 404, false, null));
            return new Polled(entry, !entry.refreshStatus().terminal(), RetryAfter.from(response.headers()).orElse(null));
        }
        FabricResponse response = http.send(FabricCall.get(REFRESH, ref.groupId(), ref.datasetId(), ref.refreshId()));
        RefreshDetail detail = http.parse(response, RefreshDetail.class);
        // 202 while running, 200 once done; the status is what decides (a 200 still Unknown is polled again).
        return new Polled(detail, !detail.refreshStatus().terminal(),
                RetryAfter.from(response.headers()).orElse(null));
    }

    /** Cancels an enhanced refresh ({@code DELETE}); it then reports {@code Cancelled}. */
    public void cancel(RefreshRef ref) {
        if (!ref.enhanced()) {
            throw new FabricException(ClientErrorCodes.UNEXPECTED_RESPONSE, "A standard refresh cannot be cancelled by id; only"
                    + " enhanced refreshes can", ref.refreshId(), 0, false, null);
        }
        http.send(FabricCall.delete(REFRESH, ref.groupId(), ref.datasetId(), ref.refreshId()));
    }

    /** Whether the error is Power BI refusing a refresh because another one of the model runs (400 now, 409 in older docs). */
    public static boolean isAnotherRefreshRunning(FabricException e) {
        return (e.httpStatus() == 400 || e.httpStatus() == 409) && e.fabricMessage() != null
                && e.fabricMessage().contains(ANOTHER_REFRESH_RUNNING);
    }

    /**
     * One poll's answer.
     *
     * @param running    whether the refresh still runs (a details 202, or a non-terminal status)
     * @param retryAfter the wait Power BI asked for; null when none
     */
    public record Polled(RefreshDetail detail, boolean running, Duration retryAfter) {
    }
}
