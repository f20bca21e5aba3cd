package io.weft.fabric.client;

import com.azure.core.http.HttpMethod;
import io.weft.fabric.client.http.FabricCall;
import io.weft.fabric.client.http.FabricResponse;
import io.weft.fabric.client.http.ReplayHttpClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays any recording without knowing the scenario that made it: each Fabric REST exchange not used yet is sent
 * again through the client (same method, URL and redacted body); a 202 is awaited through the client's poller, which
 * uses up the recorded polls and result. Every answer must end as a result or a {@link FabricException} with a
 * clear code; anything else is listed as unexpected. OneLake exchanges need their scenario (the typed client).
 */
final class RecordingReplayer {

    record Outcome(int calls, int operations, int fabricErrors, List<String> unexpected) {
    }

    private RecordingReplayer() {
    }

    static Outcome replay(FabricClient client, ReplayHttpClient replay) {
        int calls = 0;
        int operations = 0;
        int fabricErrors = 0;
        List<String> unexpected = new ArrayList<>();
        while (true) {
            ReplayHttpClient.Recorded next = replay.unanswered().stream().filter(ReplayHttpClient.Recorded::isFabric).findFirst()
                    .orElse(null);
            if (next == null) {
                break;
            }
            calls++;
            String template = next.pathTemplate() == null ? "(replayed)" : next.pathTemplate();
            FabricCall call = new FabricCall(HttpMethod.valueOf(next.method()), template, null, Map.of(),
                    next.requestBody(), replay.concreteUrl(next));
            try {
                FabricResponse response = client.http().send(call);
                if (response.status() == 202) {
                    operations++;
                    client.operations().await(response, template, ProgressListener.NONE);
                }
            } catch (FabricException e) {
                if (e.errorCode() == null || e.errorCode().isBlank() || ClientErrorCodes.UNEXPECTED_RESPONSE.equals(e.errorCode())) {
                    unexpected.add("line " + next.line() + " " + next.method() + " " + template + ": " + e.getMessage());
                } else {
                    fabricErrors++;
                }
            } catch (RuntimeException e) {
                unexpected.add("line " + next.line() + " " + next.method() + " " + template + ": " + e);
            }
        }
        return new Outcome(calls, operations, fabricErrors, unexpected);
    }
}
