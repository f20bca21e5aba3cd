package io.weft.fabric.emulator.onelake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.fabric.emulator.fabric.FabricService;
import io.weft.fabric.emulator.http.HttpCall;
import io.weft.fabric.emulator.http.PercentCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every OneLake call shares: the Fabric state and disk it resolves paths against, the per-path metadata
 * (ETag, lengths, properties), the storage headers, dates and errors. The calls are grouped by kind in its subclasses.
 */
abstract class OneLakeCalls {

    /**
     * HTTP dates as storage sends them (RFC 9110 IMF-fixdate, two-digit day). The JDK's RFC_1123_DATE_TIME writes
     * "Thu, 1 Jan 1970", which azure-core's fast parser rejects with an error log on the 1st to 9th of a month.
     */
    static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    static final Pattern RANGE = Pattern.compile("^bytes=(\\d+)-(\\d*)$");

    final FabricService service;
    final OneLakeStore store;
    /** Shared by all the call groups of one emulator. */
    final Map<Path, PathMeta> metas;

    OneLakeCalls(FabricService service, OneLakeStore store, Map<Path, PathMeta> metas) {
        this.service = service;
        this.store = store;
        this.metas = metas;
    }

    /** A request path split into workspace, item and the rest, resolved against the Fabric state and the disk. */
    record Target(String fileSystem, String workspaceId, String itemSegment, String itemId, String rest, Path disk) {
        boolean managedRoot() {
            return rest.isEmpty() || rest.equals("Files") || rest.equals("Tables");
        }

        String name() {
            return itemSegment + (rest.isEmpty() ? "" : "/" + rest);
        }
    }

    Optional<Target> resolve(String fileSystem, String workspaceId, String path) {
        int slash = path.indexOf('/');
        String itemSegment = slash < 0 ? path : path.substring(0, slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        Optional<String> itemId = service.items().resolve(workspaceId, itemSegment);
        if (itemId.isEmpty()) {
            return Optional.empty();
        }
        Path root = store.itemRoot(workspaceId, itemId.get());
        Path disk = rest.isEmpty() ? root : root.resolve(rest).normalize();
        if (!disk.startsWith(root)) {
            return Optional.empty();
        }
        return Optional.of(new Target(fileSystem, workspaceId, itemSegment, itemId.get(), rest, disk));
    }

    /** The metadata of an existing path (derived from the disk when the emulator has none yet). */
    PathMeta meta(Path disk) throws IOException {
        PathMeta meta = metas.get(disk);
        if (meta != null) {
            return meta;
        }
        BasicFileAttributes attributes = Files.readAttributes(disk, BasicFileAttributes.class);
        PathMeta derived = new PathMeta(attributes.isDirectory(), attributes.creationTime().toInstant());
        derived.lastModified = attributes.lastModifiedTime().toInstant();
        derived.committedLength = attributes.isDirectory() ? 0 : attributes.size();
        PathMeta previous = metas.putIfAbsent(disk, derived);
        return previous != null ? previous : derived;
    }

    void describe(HttpCall call, PathMeta meta) {
        pathHeaders(call, meta);
        call.header("Content-Type", meta.directory ? "application/octet-stream" : Optional.ofNullable(meta.contentType).orElse("application/octet-stream"));
        call.header("x-ms-creation-time", RFC_1123.format(meta.createdAt));
        call.header("x-ms-resource-type", meta.directory ? "directory" : "file");
        call.header("x-ms-blob-type", "BlockBlob");
        call.header("Accept-Ranges", "bytes");
        call.header("x-ms-lease-state", "available");
        call.header("x-ms-lease-status", "unlocked");
        call.header("x-ms-server-encrypted", "true");
        call.header("x-ms-access-tier", "Hot");
        call.header("x-ms-access-tier-inferred", "true");
        if (meta.properties != null && !meta.properties.isEmpty()) {
            call.header("x-ms-properties", meta.properties);
            for (String pair : meta.properties.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    try {
                        call.header("x-ms-meta-" + pair.substring(0, eq).trim(),
                                new String(Base64.getDecoder().decode(pair.substring(eq + 1).trim()), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException ignored) {
                        // not base64: leave it out, as the service would have refused it
                    }
                }
            }
        }
        if (meta.directory) {
            call.header("x-ms-meta-hdi_isfolder", "true");
        }
    }

    static void pathHeaders(HttpCall call, PathMeta meta) {
        call.header("ETag", "\"" + meta.etag + "\"");
        call.header("Last-Modified", RFC_1123.format(meta.lastModified));
    }

    static boolean etagMatches(String header, PathMeta meta) {
        String h = header.trim();
        return "*".equals(h) || h.replace("\"", "").equals(meta.etag);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException | FileAlreadyExistsException ignored) {
                    // deleted concurrently
                }
            }
        }
    }

    // ------------------------------------------------------------ errors

    /** A storage error: x-ms-error-code header plus a JSON (DFS) or XML (blob-style) body; no body for HEAD. */
    public void error(HttpCall call, String path, int status, String code, String message) throws IOException {
        call.header("x-ms-error-code", code);
        boolean dfs = call.query().containsKey("resource") || call.query().containsKey("action") || call.query().containsKey("mode")
                || "PATCH".equals(call.method()) || ("PUT".equals(call.method()) && !call.query().containsKey("restype"))
                || "DELETE".equals(call.method()) && !call.query().containsKey("restype");
        if ("HEAD".equals(call.method())) {
            call.respondEmpty(status);
        } else if (dfs) {
            call.respondJson(status, HttpCall.JSON.createObjectNode().set("error",
                    HttpCall.JSON.createObjectNode().put("code", code).put("message", message + "\nRequestId:" + call.responseHeader("x-ms-request-id")
                            + "\nTime:" + DateTimeFormatter.ISO_INSTANT.format(Instant.now()))));
        } else {
            call.header("Content-Type", "application/xml");
            String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
                    + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>";
            call.respondBytes(status, xml.getBytes(StandardCharsets.UTF_8));
        }
    }
}
