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

/** Creating files and directories, renaming (moving) them, and deleting them. */
final class OneLakeWrites extends OneLakeCalls {

    OneLakeWrites(FabricService service, OneLakeStore store, Map<Path, PathMeta> metas) {
        super(service, store, metas);
    }

    // ------------------------------------------------------------ create, rename

    void put(HttpCall call, String rawPath, Target t) throws IOException {
        String renameSource = call.header("x-ms-rename-source");
        if (renameSource != null) {
            rename(call, rawPath, t, renameSource);
            return;
        }
        if ("metadata".equals(call.query("comp"))) {
            if (!Files.exists(t.disk())) {
                error(call, rawPath, 404, "BlobNotFound", "The specified blob does not exist.");
                return;
            }
            PathMeta meta = meta(t.disk());
            meta.properties = metadataHeadersAsProperties(call);
            meta.touch(Instant.now());
            pathHeaders(call, meta);
            call.respondEmpty(200);
            return;
        }
        String resource = call.query("resource");
        if (!"file".equals(resource) && !"directory".equals(resource)) {
            error(call, rawPath, 400, "InvalidQueryParameterValue", "Value for one of the query parameters specified in the request URI is invalid.");
            return;
        }
        if (t.managedRoot()) {
            error(call, rawPath, 400, "OperationNotAllowedOnThePath", "The operation is not allowed on the item or its Files and Tables folders.");
            return;
        }
        boolean exists = Files.exists(t.disk());
        if (exists && "*".equals(call.header("If-None-Match"))) {
            error(call, rawPath, 409, "PathAlreadyExists", "The specified path already exists.");
            return;
        }
        if (exists && "directory".equals(resource) != Files.isDirectory(t.disk())) {
            error(call, rawPath, 409, "ResourceTypeMismatch", "The resource type specified in the request does not match the type of the resource.");
            return;
        }
        String ifMatch = call.header("If-Match");
        if (ifMatch != null && (!exists || !etagMatches(ifMatch, meta(t.disk())))) {
            error(call, rawPath, 412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
            return;
        }
        Files.createDirectories(t.disk().getParent());
        Instant now = Instant.now();
        PathMeta meta;
        if ("directory".equals(resource)) {
            Files.createDirectories(t.disk());
            meta = exists ? meta(t.disk()) : new PathMeta(true, now);
            meta.touch(now);
        } else {
            try (FileChannel channel = FileChannel.open(t.disk(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.force(false);
            }
            meta = new PathMeta(false, now);
            meta.contentType = call.header("x-ms-content-type");
        }
        if (call.header("x-ms-properties") != null) {
            meta.properties = call.header("x-ms-properties");
        }
        metas.put(t.disk(), meta);
        pathHeaders(call, meta);
        call.header("Content-Length", "0");
        call.respondEmpty(201);
    }

    void rename(HttpCall call, String rawPath, Target destination, String renameSource) throws IOException {
        String source = renameSource;
        int q = source.indexOf('?');
        if (q >= 0) {
            source = source.substring(0, q);
        }
        source = source.startsWith("/") ? source.substring(1) : source;
        int slash = source.indexOf('/');
        if (slash < 0) {
            error(call, rawPath, 400, "InvalidSourceUri", "The source URI is invalid.");
            return;
        }
        String sourceFs = PercentCodec.decode(source.substring(0, slash));
        String sourcePath = PercentCodec.decode(source.substring(slash + 1));
        Optional<String> sourceWs = service.workspaces().resolve(sourceFs);
        Optional<Target> from = sourceWs.flatMap(ws -> resolve(sourceFs, ws, sourcePath));
        if (from.isEmpty() || !Files.exists(from.get().disk())) {
            error(call, rawPath, 404, "SourcePathNotFound", "The source path for a rename operation does not exist.");
            return;
        }
        if (from.get().managedRoot() || destination.managedRoot()) {
            error(call, rawPath, 400, "OperationNotAllowedOnThePath", "The operation is not allowed on the item or its Files and Tables folders.");
            return;
        }
        boolean exists = Files.exists(destination.disk());
        if (exists && "*".equals(call.header("If-None-Match"))) {
            error(call, rawPath, 409, "PathAlreadyExists", "The specified path already exists.");
            return;
        }
        if (exists && Files.isDirectory(destination.disk())) {
            try (Stream<Path> children = Files.list(destination.disk())) {
                if (children.findAny().isPresent()) {
                    error(call, rawPath, 409, "DestinationPathIsBeingDeleted", "The destination directory is not empty.");
                    return;
                }
            }
        }
        synchronized (this) {
            Files.createDirectories(destination.disk().getParent());
            if (exists) {
                deleteTree(destination.disk());
            }
            Path fromDisk = from.get().disk();
            Files.move(fromDisk, destination.disk(), StandardCopyOption.REPLACE_EXISTING);
            Map<Path, PathMeta> moved = new HashMap<>();
            metas.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(fromDisk)) {
                    moved.put(destination.disk().resolve(fromDisk.relativize(e.getKey())), e.getValue());
                    return true;
                }
                return false;
            });
            metas.putAll(moved);
        }
        PathMeta meta = meta(destination.disk());
        meta.touch(Instant.now());
        pathHeaders(call, meta);
        call.header("Content-Length", "0");
        call.respondEmpty(201);
    }

    static String metadataHeadersAsProperties(HttpCall call) {
        List<String> pairs = new ArrayList<>();
        call.forEachRequestHeader((name, value) -> {
            if (name.toLowerCase().startsWith("x-ms-meta-")) {
                pairs.add(name.substring("x-ms-meta-".length()).toLowerCase() + "="
                        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return String.join(",", pairs);
    }

    // ------------------------------------------------------------ delete

    void delete(HttpCall call, String rawPath, Target t) throws IOException {
        if (t.managedRoot()) {
            error(call, rawPath, 400, "OperationNotAllowedOnThePath", "The operation is not allowed on the item or its Files and Tables folders.");
            return;
        }
        if (!Files.exists(t.disk())) {
            error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
            return;
        }
        if (Files.isDirectory(t.disk())) {
            boolean recursive = "true".equalsIgnoreCase(call.query("recursive"));
            try (Stream<Path> children = Files.list(t.disk())) {
                if (!recursive && children.findAny().isPresent()) {
                    error(call, rawPath, 409, "DirectoryNotEmpty", "The recursive query parameter value must be true to delete a non-empty directory.");
                    return;
                }
            }
        }
        synchronized (this) {
            deleteTree(t.disk());
            metas.keySet().removeIf(p -> p.startsWith(t.disk()));
        }
        call.respondEmpty(200);
    }

}
