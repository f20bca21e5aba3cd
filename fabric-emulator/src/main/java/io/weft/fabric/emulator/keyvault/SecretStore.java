package io.weft.fabric.emulator.keyvault;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The emulated vault's secrets: every set adds a version, the newest is the current one. */
public final class SecretStore {

    /** One version of a secret; times in Unix seconds, as Key Vault's attributes are. */
    public record SecretVersion(String name, String version, String value, String contentType, long created) {
        @Override
        public String toString() {
            return "SecretVersion[name=" + name + ", version=" + version + "]"; // never the value
        }
    }

    private final Map<String, List<SecretVersion>> secrets = new ConcurrentHashMap<>();
    private final Clock clock;

    public SecretStore(Clock clock) {
        this.clock = clock;
    }

    /** Adds a new version of {@code name} (Key Vault names are case-insensitive) and returns it. */
    public SecretVersion set(String name, String value, String contentType) {
        SecretVersion version = new SecretVersion(name, UUID.randomUUID().toString().replace("-", ""), value, contentType,
                clock.instant().getEpochSecond());
        secrets.compute(key(name), (k, versions) -> {
            List<SecretVersion> next = versions == null ? new ArrayList<>() : new ArrayList<>(versions);
            next.add(version);
            return List.copyOf(next);
        });
        return version;
    }

    /** The newest version of {@code name}, or the one with that version id. */
    public Optional<SecretVersion> get(String name, String version) {
        List<SecretVersion> versions = secrets.getOrDefault(key(name), List.of());
        if (version == null || version.isEmpty()) {
            return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
        }
        return versions.stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst();
    }

    private static String key(String name) {
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
