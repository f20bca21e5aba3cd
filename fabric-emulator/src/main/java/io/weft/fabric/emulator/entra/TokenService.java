package io.weft.fabric.emulator.entra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.EmulatorOptions;
import io.weft.fabric.emulator.http.HttpCall;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Issues and verifies the RS256 access tokens of the emulated Entra tenant. */
public final class TokenService {

    public static final String FABRIC_AUDIENCE = "https://api.fabric.microsoft.com";
    /** The resource Power BI clients ask tokens for ({@code https://analysis.windows.net/powerbi/api/.default}). */
    public static final String POWER_BI_AUDIENCE = "https://analysis.windows.net/powerbi/api";
    /** The audience the Power BI docs name; accepted too. */
    public static final String POWER_BI_DOCUMENTED_AUDIENCE = "https://api.powerbi.com";
    public static final String STORAGE_AUDIENCE = "https://storage.azure.com";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private final KeyPair keys;
    private final String keyId = "emulator-" + UUID.randomUUID().toString().substring(0, 8);
    private final String tenantId;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    public TokenService(String tenantId, String issuerBase, Duration lifetime, Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        this.tenantId = tenantId;
        this.issuer = issuerBase + "/" + tenantId + "/v2.0";
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A signed token for {@code audience}, as Entra issues to a service principal. */
    public String issue(String clientId, String audience) {
        return issue(clientId, audience, java.util.List.of(), java.util.Map.of());
    }

    /**
     * A signed app-only token for {@code audience} with these app {@code roles} (none: no {@code roles} claim, as
     * Entra does), then {@code overrides} put over the claims (a test's expired {@code exp} or foreign {@code iss}).
     */
    public String issue(String clientId, String audience, java.util.List<String> roles, java.util.Map<String, Object> overrides) {
        String objectId = UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode claims = claims(audience, objectId)
                .put("appid", clientId)
                .put("azp", clientId)
                .put("idtyp", "app");
        putList(claims, "roles", roles);
        overrides.forEach((name, value) -> claims.set(name, HttpCall.JSON.valueToTree(value)));
        return sign(claims);
    }

    /**
     * A delegated access token for {@code audience}: {@code user} signed in to the app {@code clientId}, with the app
     * roles and groups assigned to them, as Entra issues from the authorization-code flow.
     */
    public String issueForUser(String clientId, String audience, EmulatorOptions.User user) {
        ObjectNode claims = userClaims(claims(audience, user.objectId()), user)
                .put("azp", clientId)
                .put("azpacr", "0") // a public client: no secret
                .put("scp", "access_as_user");
        putList(claims, "roles", user.roles());
        putList(claims, "groups", user.groups());
        return sign(claims);
    }

    /** The ID token of that sign-in: for the app itself ({@code aud} = its client id), with the request's nonce. */
    public String idToken(String clientId, EmulatorOptions.User user, String nonce) {
        ObjectNode claims = userClaims(claims(clientId, user.objectId()), user);
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        return sign(claims);
    }

    /** The claims of every token: audience, issuer, times, subject, tenant. */
    private ObjectNode claims(String audience, String objectId) {
        long now = clock.instant().getEpochSecond();
        return HttpCall.JSON.createObjectNode()
                .put("aud", audience)
                .put("iss", issuer)
                .put("iat", now)
                .put("nbf", now)
                .put("exp", now + lifetime.toSeconds())
                .put("oid", objectId)
                .put("sub", objectId)
                .put("tid", tenantId)
                .put("ver", "2.0")
                .put("uti", UUID.randomUUID().toString());
    }

    /** A list claim, left out when empty as Entra leaves it out. */
    private static void putList(ObjectNode claims, String name, java.util.List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(claims.putArray(name)::add);
        }
    }

    private static ObjectNode userClaims(ObjectNode claims, EmulatorOptions.User user) {
        return claims.put("name", user.name()).put("preferred_username", user.name());
    }

    private String sign(ObjectNode claims) {
        ObjectNode header = HttpCall.JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", keyId);
        String signingInput = B64URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a bearer token is not acceptable for {@code audience}, or empty when it is. */
    public Optional<Rejection> check(String authorizationHeader, String audience) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(new Rejection("Unauthorized", "Access token is missing"));
        }
        String token = authorizationHeader.substring(7).trim();
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.of(new Rejection("Unauthorized", "Access token is malformed"));
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(keys.getPublic());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(B64URL_DECODER.decode(parts[2]))) {
                return Optional.of(new Rejection("Unauthorized", "Access token signature is invalid"));
            }
            JsonNode claims = HttpCall.JSON.readTree(B64URL_DECODER.decode(parts[1]));
            if (claims.path("exp").asLong() <= clock.instant().getEpochSecond()) {
                return Optional.of(new Rejection("TokenExpired", "Access token has expired, resubmit with a new access token"));
            }
            String aud = claims.path("aud").asText();
            if (!aud.equals(audience) && !aud.equals(audience + "/")) {
                return Optional.of(new Rejection("Unauthorized", "Access token audience is invalid for this resource"));
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(new Rejection("Unauthorized", "Access token is malformed"));
        }
    }

    /** The JWKS document with the signing key. */
    public ObjectNode jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        ObjectNode jwk = HttpCall.JSON.createObjectNode()
                .put("kty", "RSA").put("use", "sig").put("kid", keyId).put("alg", "RS256")
                .put("n", B64URL.encodeToString(unsigned(key.getModulus())))
                .put("e", B64URL.encodeToString(unsigned(key.getPublicExponent())));
        ObjectNode doc = HttpCall.JSON.createObjectNode();
        doc.putArray("keys").add(jwk);
        return doc;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            return java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return bytes;
    }

    /** A refused token: the Fabric errorCode and a message that never repeats the token. */
    public record Rejection(String errorCode, String message) {
    }
}
