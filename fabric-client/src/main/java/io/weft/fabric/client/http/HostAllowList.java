package io.weft.fabric.client.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts allowed to receive a Fabric bearer token: the configured endpoints plus patterns such as
 * {@code *.analysis.windows.net} (the regional cluster hosts Fabric puts in {@code Location}).
 */
public final class HostAllowList {

    private final List<String> exact = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();

    public HostAllowList(List<URI> configuredEndpoints, List<String> patterns) {
        for (URI endpoint : configuredEndpoints) {
            if (endpoint != null && endpoint.getHost() != null) {
                exact.add(endpoint.getHost().toLowerCase(Locale.ROOT));
            }
        }
        for (String pattern : patterns) {
            String p = pattern.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith("*.")) {
                suffixes.add(p.substring(1));
            } else {
                exact.add(p);
            }
        }
    }

    public boolean allows(URI uri) {
        return uri != null && "https".equalsIgnoreCase(uri.getScheme()) && allowsHost(uri.getHost());
    }

    public boolean allowsHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return exact.contains(h) || suffixes.stream().anyMatch(h::endsWith);
    }
}
