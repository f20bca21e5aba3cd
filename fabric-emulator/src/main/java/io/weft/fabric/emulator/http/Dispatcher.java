package io.weft.fabric.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.Fault;
import io.weft.fabric.emulator.admin.AdminHandler;
import io.weft.fabric.emulator.admin.FaultRegistry;
import io.weft.fabric.emulator.admin.RequestLog;
import io.weft.fabric.emulator.entra.EntraHandler;
import io.weft.fabric.emulator.entra.TokenService;
import io.weft.fabric.emulator.fabric.FabricApi;
import io.weft.fabric.emulator.fabric.FabricError;
import io.weft.fabric.emulator.fabric.PowerBiApi;
import io.weft.fabric.emulator.keyvault.KeyVaultHandler;
import io.weft.fabric.emulator.onelake.OneLakeHandler;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/**
 * The one HTTP handler: admin API (no auth, no faults), Entra endpoints, Fabric REST under {@code /v1}, OneLake under
 * {@code /onelake}, Key Vault secrets under {@code /secrets}. Applies injected faults and token checks before Fabric and OneLake calls.
 */
public final class Dispatcher implements java.util.function.Consumer<HttpCall> {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** The Power BI REST API's path on the emulator's host (api.powerbi.com's {@code /v1.0/myorg}). */
    public static final String POWER_BI_PREFIX = "/v1.0/myorg";
    private static final String EXPOSE = "RequestId,Location,Retry-After,ETag,x-ms-operation-id";

    private final AdminHandler admin;
    private final EntraHandler entra;
    private final FabricApi fabric;
    private final PowerBiApi powerBi;
    private final OneLakeHandler oneLake;
    private final KeyVaultHandler keyVault;
    private final FaultRegistry faults;
    private final TokenService tokens;
    private final RequestLog requests;

    public Dispatcher(AdminHandler admin, EntraHandler entra, FabricApi fabric, PowerBiApi powerBi, OneLakeHandler oneLake,
            KeyVaultHandler keyVault, FaultRegistry faults, TokenService tokens, RequestLog requests) {
        this.keyVault = keyVault;
        this.requests = requests;
        this.admin = admin;
        this.entra = entra;
        this.fabric = fabric;
        this.powerBi = powerBi;
        this.oneLake = oneLake;
        this.faults = faults;
        this.tokens = tokens;
    }

    @Override
    public void accept(HttpCall call) {
        String path = call.rawPath();
        try {
            if (path.startsWith("/_emulator/") || path.equals("/_emulator")) {
                admin.handle(call, path.substring("/_emulator".length()));
            } else if (path.startsWith("/v1/") || path.equals("/v1")) {
                record(call, path);
                fabric(call, path.substring(3));
            } else if (path.startsWith(POWER_BI_PREFIX + "/")) {
                record(call, path);
                powerBi(call, path);
            } else if (path.startsWith("/onelake/") || path.equals("/onelake")) {
                record(call, path);
                oneLake(call, path.substring("/onelake".length()));
            } else if (keyVault.handles(path)) {
                record(call, path);
                keyVault.handle(call);
            } else if (entra.handles(path)) {
                entra.handle(call);
            } else {
                call.respondJson(404, new FabricError(404, "EntityNotFound", "The requested resource was not found").body(UUID.randomUUID().toString()));
            }
        } catch (Exception e) {
            LOG.debugf(e, "%s %s failed", call.method(), path);
            if (!call.responded()) {
                try {
                    call.respondJson(500, new FabricError(500, "InternalError", "An internal error occurred").body(UUID.randomUUID().toString()));
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        } finally {
            call.close();
        }
    }

    /** The request goes into the log as its response starts (a Fabric, Power BI or OneLake call). */
    private void record(HttpCall call, String path) {
        call.onRespond(status -> requests.record(call.method(), path, status));
    }

    private void fabric(HttpCall call, String path) throws IOException {
        String requestId = UUID.randomUUID().toString();
        call.header("RequestId", requestId);
        call.header("Access-Control-Expose-Headers", EXPOSE);
        try {
            applyRequestFaults(call, path, requestId, false);
            if (call.responded()) {
                return;
            }
            Optional<TokenService.Rejection> rejection = tokens.check(call.header("Authorization"), TokenService.FABRIC_AUDIENCE);
            if (rejection.isPresent()) {
                call.header("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"invalid_token\"");
                throw new FabricError(401, rejection.get().errorCode(), rejection.get().message());
            }
            fabric.handle(call, path);
        } catch (FabricError e) {
            if (!call.responded()) {
                call.header("x-ms-public-api-error-code", e.errorCode());
                call.respondJson(e.status(), e.body(requestId));
            }
        }
    }

    /**
     * Power BI: injected faults (by the full path), then a token for the Power BI audience (the docs name
     * {@code https://api.powerbi.com}; tokens for {@code https://analysis.windows.net/powerbi/api} are what clients
     * ask for: both are accepted), answered in Power BI's error shape.
     */
    private void powerBi(HttpCall call, String path) throws IOException {
        String requestId = UUID.randomUUID().toString();
        applyRequestFaults(call, path, requestId, false);
        if (call.responded()) {
            return;
        }
        Optional<TokenService.Rejection> rejection = tokens.check(call.header("Authorization"), TokenService.POWER_BI_AUDIENCE);
        if (rejection.isPresent() && tokens.check(call.header("Authorization"), TokenService.POWER_BI_DOCUMENTED_AUDIENCE).isEmpty()) {
            rejection = Optional.empty();
        }
        if (rejection.isPresent()) {
            call.header("RequestId", requestId);
            call.header("WWW-Authenticate", "Bearer authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"invalid_token\"");
            ObjectNode body = HttpCall.JSON.createObjectNode();
            body.putObject("error").put("code", "PowerBINotAuthorizedException").put("message", rejection.get().message());
            call.respondJson(401, body);
            return;
        }
        powerBi.handle(call, path.substring(POWER_BI_PREFIX.length()));
    }

    private void oneLake(HttpCall call, String path) throws IOException {
        String requestId = UUID.randomUUID().toString();
        call.header("x-ms-request-id", requestId);
        call.header("x-ms-version", Optional.ofNullable(call.header("x-ms-version")).orElse("2026-10-06"));
        call.header("x-ms-client-request-id", call.header("x-ms-client-request-id"));
        applyRequestFaults(call, "/onelake" + path, requestId, true);
        if (call.responded()) {
            return;
        }
        Optional<TokenService.Rejection> rejection = tokens.check(call.header("Authorization"), TokenService.STORAGE_AUDIENCE);
        if (rejection.isPresent()) {
            String code = "TokenExpired".equals(rejection.get().errorCode()) ? "InvalidAuthenticationInfo" : "NoAuthenticationInformation";
            if (call.header("Authorization") != null) {
                code = "InvalidAuthenticationInfo";
            }
            oneLake.error(call, path, 401, code, "Server failed to authenticate the request. " + rejection.get().message());
            return;
        }
        oneLake.handle(call, path);
    }

    private void applyRequestFaults(HttpCall call, String path, String requestId, boolean storage) throws IOException {
        String fullPath = storage || path.startsWith(POWER_BI_PREFIX + "/") ? path : "/v1" + path;
        FaultRegistry.RequestVerdict verdict = faults.onRequest(call.method(), fullPath);
        faults.wireFault(call.method(), fullPath).ifPresent(call::wireFault);
        if (!verdict.latency().isZero()) {
            sleep(verdict.latency());
        }
        Fault f = verdict.rejection();
        if (f == null) {
            return;
        }
        // Read the request's body before refusing it, as the real services do: answering with bytes of it still
        // unread makes the JDK server reset the connection, and the client sees that instead of the status.
        try (InputStream unread = call.body()) {
            unread.transferTo(OutputStream.nullOutputStream());
        }
        if (Fault.THROTTLE.equals(f.kind())) {
            int retryAfter = f.retryAfterSeconds() == null ? 1 : f.retryAfterSeconds();
            String until = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", java.util.Locale.US).withZone(ZoneOffset.UTC)
                    .format(Instant.now().plusSeconds(retryAfter));
            call.header("Retry-After", Integer.toString(retryAfter));
            String message = "Request is blocked by the upstream service until: " + until + " (UTC)";
            if (storage) {
                oneLake.error(call, path.substring("/onelake".length()), 429, "RequestBlocked", message);
            } else {
                call.header("x-ms-public-api-error-code", "RequestBlocked");
                call.respondJson(429, new FabricError(429, "RequestBlocked", message).body(requestId));
            }
        } else {
            int status = f.status() == null ? 503 : f.status();
            String code = f.errorCode() != null ? f.errorCode() : status == 500 ? "InternalServerError" : status == 502 ? "BadGateway"
                    : status == 504 ? "GatewayTimeout" : "ServiceUnavailable";
            String message = f.message() != null ? f.message() : "The service is temporarily unavailable. Please retry.";
            if (storage) {
                oneLake.error(call, path.substring("/onelake".length()), status, code, message);
            } else {
                call.header("x-ms-public-api-error-code", code);
                ObjectNode body = new FabricError(status, code, message, null, true).body(requestId);
                call.respondJson(status, body);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
