package io.weft.support.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;

/** Which workspaces each principal may reach through Weft's HTTP operations ({@code weft.security.*}). */
@ConfigMapping(prefix = "weft.security")
public interface WorkspaceScopesConfig {

    /**
     * {@code off}: every principal with a Weft role reaches every workspace (the roles alone decide). {@code on}: a
     * principal reaches only what {@code workspace-scopes} grants it (Weft.Admin everything): submitting to, reading,
     * listing, streaming or cancelling a job elsewhere is 403, and lists and streams leave those jobs out.
     */
    @WithDefault("off")
    Scoping scoping();

    /**
     * Per principal — its Entra object id, its client id, or the object id of a group it is in (the token's
     * {@code groups} claim) — the workspaces it may reach: workspace display names or GUIDs as requests name them,
     * {@code environment:<name>} for an environment of the deployer's environments file, {@code pipeline:<name>} for a
     * deployment pipeline's promotions, or {@code *} for all. Compared case-insensitively; a principal matching
     * several keys gets them all.
     */
    Map<String, List<String>> workspaceScopes();

    /** Whether scopes apply. */
    enum Scoping {
        OFF, ON
    }
}
