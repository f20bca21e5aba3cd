package io.weft.fabric.emulator.entra;

import io.weft.fabric.emulator.EmulatorOptions;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authorization codes handed out by the sign-in form: each is redeemed at most once, within
 * {@link #LIFETIME} (Entra's codes live about ten minutes), and remembers what the token request must repeat.
 */
final class AuthorizationCodes {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> pending = new ConcurrentHashMap<>();
    /** Codes already redeemed (until they would have expired), so a replay is told so rather than "unknown". */
    private final Map<String, Instant> redeemed = new ConcurrentHashMap<>();
    private final Clock clock;

    AuthorizationCodes(Clock clock) {
        this.clock = clock;
    }

    /** What a code stands for: who signed in, to which app, and the request's redirect URI, PKCE challenge and nonce. */
    record Grant(String clientId, String redirectUri, String codeChallenge, String scope, String nonce,
                 EmulatorOptions.User user, Instant expiresAt) {
    }

    /** A code for a sign-in. */
    String issue(String clientId, String redirectUri, String codeChallenge, String scope, String nonce, EmulatorOptions.User user) {
        Instant now = clock.instant();
        pending.values().removeIf(grant -> grant.expiresAt().isBefore(now));
        redeemed.values().removeIf(expiry -> expiry.isBefore(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(code, new Grant(clientId, redirectUri, codeChallenge, scope, nonce, user, now.plus(LIFETIME)));
        return code;
    }

    /** The outcome of redeeming a code: its grant, or why there is none. */
    sealed interface Redemption {
        record Granted(Grant grant) implements Redemption { }
        record AlreadyRedeemed() implements Redemption { }
        record Unknown() implements Redemption { }
    }

    /** Takes the code: whatever the token request then finds wrong, the code cannot be tried again. */
    Redemption redeem(String code) {
        Grant grant = code == null ? null : pending.remove(code);
        if (grant == null) {
            return code != null && redeemed.containsKey(code) ? new Redemption.AlreadyRedeemed() : new Redemption.Unknown();
        }
        redeemed.put(code, grant.expiresAt());
        return grant.expiresAt().isBefore(clock.instant()) ? new Redemption.Unknown() : new Redemption.Granted(grant);
    }
}
