package io.weft.fabric.emulator.onelake;

import java.nio.file.Path;

/** Where OneLake bytes live on disk: {@code <data>/onelake/<workspaceId>/<itemId>/Files/...}. */
public final class OneLakeStore {

    private final Path root;
    private final String publicUrl;

    public OneLakeStore(Path dataDirectory, String publicUrl) {
        this.root = dataDirectory.resolve("onelake");
        this.publicUrl = publicUrl;
    }

    /** The OneLake endpoint as clients configure it (with the account segment). */
    public String publicUrl() {
        return publicUrl;
    }

    public Path root() {
        return root;
    }

    public Path workspaceRoot(String workspaceId) {
        return root.resolve(workspaceId);
    }

    public Path itemRoot(String workspaceId, String itemId) {
        return root.resolve(workspaceId).resolve(itemId);
    }
}
