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
 * OneLake's DFS and blob-style calls as the Azure storage SDK sends them, under
 * {@code /onelake/{workspace}/{item}/Files/...}. Bytes are streamed to and from disk; appends may arrive in parallel
 * and out of order and are committed by flush.
 */
public final class OneLakeHandler {

    /**
     * HTTP dates as storage sends them (RFC 9110 IMF-fixdate, two-digit day). The JDK's RFC_1123_DATE_TIME writes
     * "Thu, 1 Jan 1970", which azure-core's fast parser rejects with an error log on the 1st to 9th of a month.
     */
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d+)-(\\d*)$");

    private final FabricService service;
    private final OneLakeStore store;
    private final Map<Path, PathMeta> metas = new ConcurrentHashMap<>();

    public OneLakeHandler(FabricService service, OneLakeStore store) {
        this.service = service;
        this.store = store;
    }

    /** A request path split into workspace, item and the rest, resolved against the Fabric state and the disk. */
    private record Target(String fileSystem, String workspaceId, String itemSegment, String itemId, String rest, Path disk) {
        boolean managedRoot() {
            return rest.isEmpty() || rest.equals("Files") || rest.equals("Tables");
        }

        String name() {
            return itemSegment + (rest.isEmpty() ? "" : "/" + rest);
        }
    }

    public void handle(HttpCall call, String rawPath) throws IOException {
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (trimmed.isEmpty()) {
            error(call, rawPath, 400, "InvalidUri", "The request URI is invalid.");
            return;
        }
        int slash = trimmed.indexOf('/');
        String fileSystem = PercentCodec.decode(slash < 0 ? trimmed : trimmed.substring(0, slash));
        String path = slash < 0 ? "" : PercentCodec.decode(trimmed.substring(slash + 1));
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Optional<String> workspaceId = service.resolveWorkspace(fileSystem);
        if (path.isEmpty()) {
            fileSystem(call, rawPath, fileSystem, workspaceId);
            return;
        }
        if (workspaceId.isEmpty()) {
            error(call, rawPath, 404, "ContainerNotFound", "The specified container does not exist.");
            return;
        }
        Optional<Target> target = resolve(fileSystem, workspaceId.get(), path);
        if (target.isEmpty()) {
            error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
            return;
        }
        Target t = target.get();
        if (!t.rest.isEmpty() && !t.rest.equals("Files") && !t.rest.startsWith("Files/") && !t.rest.equals("Tables") && !t.rest.startsWith("Tables/")) {
            error(call, rawPath, 400, "OperationNotAllowedOnThePath", "Only the Files and Tables folders are allowed under an item.");
            return;
        }
        switch (call.method()) {
            case "PUT" -> put(call, rawPath, t);
            case "PATCH" -> patch(call, rawPath, t);
            case "HEAD" -> properties(call, rawPath, t);
            case "GET" -> read(call, rawPath, t);
            case "DELETE" -> delete(call, rawPath, t);
            default -> error(call, rawPath, 405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.");
        }
    }

    private Optional<Target> resolve(String fileSystem, String workspaceId, String path) {
        int slash = path.indexOf('/');
        String itemSegment = slash < 0 ? path : path.substring(0, slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        Optional<String> itemId = service.resolveItem(workspaceId, itemSegment);
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

    // ------------------------------------------------------------ file system (workspace) level

    private void fileSystem(HttpCall call, String rawPath, String fileSystem, Optional<String> workspaceId) throws IOException {
        if ("filesystem".equals(call.query("resource")) && "GET".equals(call.method())) {
            if (workspaceId.isEmpty()) {
                error(call, rawPath, 404, "FilesystemNotFound", "The specified filesystem does not exist.");
                return;
            }
            listPaths(call, rawPath, fileSystem, workspaceId.get());
            return;
        }
        if ("container".equals(call.query("restype"))) {
            switch (call.method()) {
                case "GET", "HEAD" -> {
                    if (workspaceId.isEmpty()) {
                        error(call, rawPath, 404, "ContainerNotFound", "The specified container does not exist.");
                    } else {
                        call.header("ETag", "\"0x8DC0000000000000\"");
                        call.header("Last-Modified", RFC_1123.format(Instant.EPOCH));
                        call.respondEmpty(200);
                    }
                    return;
                }
                case "PUT" -> {
                    if (workspaceId.isPresent()) {
                        error(call, rawPath, 409, "ContainerAlreadyExists", "The specified container already exists.");
                    } else {
                        error(call, rawPath, 400, "OperationNotAllowedOnThePath", "Workspaces cannot be created through OneLake.");
                    }
                    return;
                }
                case "DELETE" -> {
                    error(call, rawPath, 400, "OperationNotAllowedOnThePath", "Workspaces cannot be deleted through OneLake.");
                    return;
                }
                default -> {
                }
            }
        }
        error(call, rawPath, 400, "OperationNotAllowedOnThePath", "The operation is not allowed on a workspace.");
    }

    private void listPaths(HttpCall call, String rawPath, String fileSystem, String workspaceId) throws IOException {
        boolean recursive = "true".equalsIgnoreCase(call.query("recursive"));
        String directory = Optional.ofNullable(call.query("directory")).orElse("");
        while (directory.endsWith("/")) {
            directory = directory.substring(0, directory.length() - 1);
        }
        while (directory.startsWith("/")) {
            directory = directory.substring(1);
        }
        List<ObjectNode> entries = new ArrayList<>();
        if (directory.isEmpty()) {
            ObjectNode state = service.state();
            for (var w : state.path("workspaces")) {
                if (!w.path("id").asText().equals(workspaceId)) {
                    continue;
                }
                for (var item : w.path("items")) {
                    if (!item.path("visible").asBoolean() || !item.path("type").asText().equals(FabricService.LAKEHOUSE)) {
                        continue;
                    }
                    String segment = item.path("displayName").asText() + ".Lakehouse";
                    Target t = new Target(fileSystem, workspaceId, segment, item.path("id").asText(), "",
                            store.itemRoot(workspaceId, item.path("id").asText()));
                    entries.add(entry(t.name(), t.disk));
                    if (recursive) {
                        walk(t, t.disk, entries);
                    }
                }
            }
        } else {
            Optional<Target> target = resolve(fileSystem, workspaceId, directory);
            if (target.isEmpty() || !Files.isDirectory(target.get().disk)) {
                error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
                return;
            }
            Target t = target.get();
            if (recursive) {
                walk(t, t.disk, entries);
            } else {
                try (Stream<Path> children = Files.list(t.disk)) {
                    for (Path child : children.sorted().toList()) {
                        entries.add(entry(t.name() + "/" + t.disk.relativize(child).toString().replace('\\', '/'), child));
                    }
                }
            }
        }
        int max = 5000;
        if (call.query("maxResults") != null) {
            max = Math.max(1, Integer.parseInt(call.query("maxResults")));
        }
        int offset = 0;
        if (call.query("continuation") != null && !call.query("continuation").isEmpty()) {
            try {
                offset = Integer.parseInt(new String(Base64.getDecoder().decode(call.query("continuation")), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                error(call, rawPath, 400, "InvalidQueryParameterValue", "The continuation token is invalid.");
                return;
            }
        }
        int end = Math.min(entries.size(), offset + max);
        ObjectNode body = HttpCall.JSON.createObjectNode();
        ArrayNode paths = body.putArray("paths");
        for (int i = offset; i < end; i++) {
            paths.add(entries.get(i));
        }
        if (end < entries.size()) {
            call.header("x-ms-continuation", Base64.getEncoder().encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
        call.respondJson(200, body);
    }

    private void walk(Target t, Path dir, List<ObjectNode> entries) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(p -> !p.equals(dir)).sorted(Comparator.comparing(Path::toString)).toList()) {
                String relative = t.disk.relativize(p).toString().replace('\\', '/');
                entries.add(entry(t.name() + "/" + relative, p));
            }
        }
    }

    private ObjectNode entry(String name, Path disk) throws IOException {
        PathMeta meta = meta(disk);
        ObjectNode n = HttpCall.JSON.createObjectNode().put("name", name);
        if (meta.directory) {
            n.put("isDirectory", "true");
        }
        n.put("contentLength", Long.toString(meta.directory ? 0 : meta.committedLength))
                .put("lastModified", RFC_1123.format(meta.lastModified))
                .put("etag", meta.etag)
                .put("owner", "$superuser")
                .put("group", "$superuser")
                .put("permissions", meta.directory ? "rwxr-x---" : "rw-r-----");
        return n;
    }

    /** The metadata of an existing path (derived from the disk when the emulator has none yet). */
    private PathMeta meta(Path disk) throws IOException {
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

    // ------------------------------------------------------------ create, rename

    private void put(HttpCall call, String rawPath, Target t) throws IOException {
        String renameSource = call.header("x-ms-rename-source");
        if (renameSource != null) {
            rename(call, rawPath, t, renameSource);
            return;
        }
        if ("metadata".equals(call.query("comp"))) {
            if (!Files.exists(t.disk)) {
                error(call, rawPath, 404, "BlobNotFound", "The specified blob does not exist.");
                return;
            }
            PathMeta meta = meta(t.disk);
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
        boolean exists = Files.exists(t.disk);
        if (exists && "*".equals(call.header("If-None-Match"))) {
            error(call, rawPath, 409, "PathAlreadyExists", "The specified path already exists.");
            return;
        }
        if (exists && "directory".equals(resource) != Files.isDirectory(t.disk)) {
            error(call, rawPath, 409, "ResourceTypeMismatch", "The resource type specified in the request does not match the type of the resource.");
            return;
        }
        String ifMatch = call.header("If-Match");
        if (ifMatch != null && (!exists || !etagMatches(ifMatch, meta(t.disk)))) {
            error(call, rawPath, 412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
            return;
        }
        Files.createDirectories(t.disk.getParent());
        Instant now = Instant.now();
        PathMeta meta;
        if ("directory".equals(resource)) {
            Files.createDirectories(t.disk);
            meta = exists ? meta(t.disk) : new PathMeta(true, now);
            meta.touch(now);
        } else {
            try (FileChannel channel = FileChannel.open(t.disk, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.force(false);
            }
            meta = new PathMeta(false, now);
            meta.contentType = call.header("x-ms-content-type");
        }
        if (call.header("x-ms-properties") != null) {
            meta.properties = call.header("x-ms-properties");
        }
        metas.put(t.disk, meta);
        pathHeaders(call, meta);
        call.header("Content-Length", "0");
        call.respondEmpty(201);
    }

    private void rename(HttpCall call, String rawPath, Target destination, String renameSource) throws IOException {
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
        Optional<String> sourceWs = service.resolveWorkspace(sourceFs);
        Optional<Target> from = sourceWs.flatMap(ws -> resolve(sourceFs, ws, sourcePath));
        if (from.isEmpty() || !Files.exists(from.get().disk)) {
            error(call, rawPath, 404, "SourcePathNotFound", "The source path for a rename operation does not exist.");
            return;
        }
        if (from.get().managedRoot() || destination.managedRoot()) {
            error(call, rawPath, 400, "OperationNotAllowedOnThePath", "The operation is not allowed on the item or its Files and Tables folders.");
            return;
        }
        boolean exists = Files.exists(destination.disk);
        if (exists && "*".equals(call.header("If-None-Match"))) {
            error(call, rawPath, 409, "PathAlreadyExists", "The specified path already exists.");
            return;
        }
        if (exists && Files.isDirectory(destination.disk)) {
            try (Stream<Path> children = Files.list(destination.disk)) {
                if (children.findAny().isPresent()) {
                    error(call, rawPath, 409, "DestinationPathIsBeingDeleted", "The destination directory is not empty.");
                    return;
                }
            }
        }
        synchronized (this) {
            Files.createDirectories(destination.disk.getParent());
            if (exists) {
                deleteTree(destination.disk);
            }
            Path fromDisk = from.get().disk;
            Files.move(fromDisk, destination.disk, StandardCopyOption.REPLACE_EXISTING);
            Map<Path, PathMeta> moved = new HashMap<>();
            metas.entrySet().removeIf(e -> {
                if (e.getKey().startsWith(fromDisk)) {
                    moved.put(destination.disk.resolve(fromDisk.relativize(e.getKey())), e.getValue());
                    return true;
                }
                return false;
            });
            metas.putAll(moved);
        }
        PathMeta meta = meta(destination.disk);
        meta.touch(Instant.now());
        pathHeaders(call, meta);
        call.header("Content-Length", "0");
        call.respondEmpty(201);
    }

    private static String metadataHeadersAsProperties(HttpCall call) {
        List<String> pairs = new ArrayList<>();
        call.exchange().getRequestHeaders().forEach((name, values) -> {
            if (name.toLowerCase().startsWith("x-ms-meta-")) {
                pairs.add(name.substring("x-ms-meta-".length()).toLowerCase() + "="
                        + Base64.getEncoder().encodeToString(values.get(0).getBytes(StandardCharsets.UTF_8)));
            }
        });
        return String.join(",", pairs);
    }

    // ------------------------------------------------------------ append, flush, properties

    private void patch(HttpCall call, String rawPath, Target t) throws IOException {
        String action = call.query("action");
        if (action == null) {
            error(call, rawPath, 400, "InvalidQueryParameterValue", "The action query parameter is required.");
            return;
        }
        switch (action) {
            case "append" -> append(call, rawPath, t);
            case "flush" -> flush(call, rawPath, t);
            case "setProperties", "setAccessControl", "setAccessControlRecursive" -> {
                if (!Files.exists(t.disk)) {
                    error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
                    return;
                }
                PathMeta meta = meta(t.disk);
                if ("setProperties".equals(action) && call.header("x-ms-properties") != null) {
                    meta.properties = call.header("x-ms-properties");
                }
                if (call.header("x-ms-content-type") != null) {
                    meta.contentType = call.header("x-ms-content-type");
                }
                meta.touch(Instant.now());
                pathHeaders(call, meta);
                if ("setAccessControlRecursive".equals(action)) {
                    call.respondJson(200, HttpCall.JSON.createObjectNode().put("directoriesSuccessful", 1).put("filesSuccessful", 0)
                            .put("failureCount", 0).set("failedEntries", HttpCall.JSON.createArrayNode()));
                } else {
                    call.respondEmpty(200);
                }
            }
            default -> error(call, rawPath, 400, "InvalidQueryParameterValue", "Unknown action '" + action + "'.");
        }
    }

    /** The {@code position} of an append or flush to an existing file; null once the refusal was answered. */
    private Long positionInExistingFile(HttpCall call, String rawPath, Target t) throws IOException {
        if (!Files.isRegularFile(t.disk)) {
            error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
            return null;
        }
        try {
            return Long.parseLong(call.query("position"));
        } catch (RuntimeException e) {
            error(call, rawPath, 400, "InvalidQueryParameterValue", "The position query parameter is required.");
            return null;
        }
    }

    private void invalidPosition(HttpCall call, String rawPath) throws IOException {
        error(call, rawPath, 400, "InvalidFlushPosition", "The uploaded data is not contiguous or the position query parameter value is not"
                + " equal to the length of the file after appending the uploaded data.");
    }

    private void append(HttpCall call, String rawPath, Target t) throws IOException {
        Long position = positionInExistingFile(call, rawPath, t);
        if (position == null) {
            return;
        }
        PathMeta meta = meta(t.disk);
        if (position < meta.committedLength) {
            invalidPosition(call, rawPath);
            return;
        }
        long written = 0;
        try (FileChannel channel = FileChannel.open(t.disk, StandardOpenOption.WRITE); InputStream in = call.body()) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            byte[] array = buffer.array();
            int n;
            while ((n = in.read(array, 0, array.length)) > 0) {
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    written += channel.write(buffer, position + written);
                }
            }
        }
        String declared = call.header("Content-Length");
        if (declared != null && Long.parseLong(declared) != written) {
            error(call, rawPath, 400, "InvalidHeaderValue", "The body length does not match Content-Length.");
            return;
        }
        meta.appended(position, position + written);
        call.header("x-ms-request-server-encrypted", "true");
        call.respondEmpty(202);
    }

    private void flush(HttpCall call, String rawPath, Target t) throws IOException {
        Long position = positionInExistingFile(call, rawPath, t);
        if (position == null) {
            return;
        }
        PathMeta meta = meta(t.disk);
        String ifMatch = call.header("If-Match");
        if (ifMatch != null && !etagMatches(ifMatch, meta)) {
            error(call, rawPath, 412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
            return;
        }
        if (position < meta.committedLength || !meta.covers(position)) {
            invalidPosition(call, rawPath);
            return;
        }
        boolean retain = "true".equalsIgnoreCase(call.query("retainUncommittedData"));
        if (!retain) {
            try (FileChannel channel = FileChannel.open(t.disk, StandardOpenOption.WRITE)) {
                channel.truncate(position);
            }
        }
        if (call.header("x-ms-content-type") != null) {
            meta.contentType = call.header("x-ms-content-type");
        }
        if (call.header("x-ms-properties") != null) {
            meta.properties = call.header("x-ms-properties");
        }
        meta.committed(position, Instant.now());
        pathHeaders(call, meta);
        call.header("x-ms-request-server-encrypted", "true");
        call.header("Content-Length", "0");
        call.respondEmpty(200);
    }

    private void properties(HttpCall call, String rawPath, Target t) throws IOException {
        if (!Files.exists(t.disk)) {
            error(call, rawPath, 404, "BlobNotFound", "The specified blob does not exist.");
            return;
        }
        PathMeta meta = meta(t.disk);
        describe(call, meta);
        if ("getAccessControl".equals(call.query("action"))) {
            call.header("x-ms-owner", "$superuser").header("x-ms-group", "$superuser")
                    .header("x-ms-permissions", meta.directory ? "rwxr-x---" : "rw-r-----")
                    .header("x-ms-acl", "user::rwx,group::r-x,other::---");
        }
        call.header("Content-Length", Long.toString(meta.directory ? 0 : meta.committedLength));
        call.respondEmpty(200);
    }

    private void describe(HttpCall call, PathMeta meta) {
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

    private static void pathHeaders(HttpCall call, PathMeta meta) {
        call.header("ETag", "\"" + meta.etag + "\"");
        call.header("Last-Modified", RFC_1123.format(meta.lastModified));
    }

    private static boolean etagMatches(String header, PathMeta meta) {
        String h = header.trim();
        return "*".equals(h) || h.replace("\"", "").equals(meta.etag);
    }

    // ------------------------------------------------------------ read

    private void read(HttpCall call, String rawPath, Target t) throws IOException {
        if (!Files.exists(t.disk)) {
            error(call, rawPath, 404, "BlobNotFound", "The specified blob does not exist.");
            return;
        }
        PathMeta meta = meta(t.disk);
        if (meta.directory) {
            describe(call, meta);
            call.header("Content-Length", "0");
            call.respondEmpty(200);
            return;
        }
        String ifMatch = call.header("If-Match");
        if (ifMatch != null && !etagMatches(ifMatch, meta)) {
            error(call, rawPath, 412, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.");
            return;
        }
        long length = meta.committedLength;
        String range = Optional.ofNullable(call.header("x-ms-range")).orElse(call.header("Range"));
        long start = 0;
        long end = length - 1;
        boolean partial = false;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches()) {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
                if (start >= length) {
                    call.header("Content-Range", "bytes */" + length);
                    error(call, rawPath, 416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
                    return;
                }
                partial = true;
            }
        }
        describe(call, meta);
        long count = Math.max(0, end - start + 1);
        if (partial) {
            call.header("Content-Range", "bytes " + start + "-" + end + "/" + length);
        }
        OutputStream out = call.startBody(partial ? 206 : 200, count);
        if (count > 0) {
            try (FileChannel channel = FileChannel.open(t.disk, StandardOpenOption.READ); OutputStream body = out) {
                var target = Channels.newChannel(body);
                long sent = 0;
                while (sent < count) {
                    long n = channel.transferTo(start + sent, count - sent, target);
                    if (n <= 0) {
                        break;
                    }
                    sent += n;
                }
            }
        } else {
            out.close();
        }
    }

    // ------------------------------------------------------------ delete

    private void delete(HttpCall call, String rawPath, Target t) throws IOException {
        if (t.managedRoot()) {
            error(call, rawPath, 400, "OperationNotAllowedOnThePath", "The operation is not allowed on the item or its Files and Tables folders.");
            return;
        }
        if (!Files.exists(t.disk)) {
            error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
            return;
        }
        if (Files.isDirectory(t.disk)) {
            boolean recursive = "true".equalsIgnoreCase(call.query("recursive"));
            try (Stream<Path> children = Files.list(t.disk)) {
                if (!recursive && children.findAny().isPresent()) {
                    error(call, rawPath, 409, "DirectoryNotEmpty", "The recursive query parameter value must be true to delete a non-empty directory.");
                    return;
                }
            }
        }
        synchronized (this) {
            deleteTree(t.disk);
            metas.keySet().removeIf(p -> p.startsWith(t.disk));
        }
        call.respondEmpty(200);
    }

    private static void deleteTree(Path root) throws IOException {
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
                    HttpCall.JSON.createObjectNode().put("code", code).put("message", message + "\nRequestId:" + call.exchange().getResponseHeaders().getFirst("x-ms-request-id")
                            + "\nTime:" + DateTimeFormatter.ISO_INSTANT.format(Instant.now()))));
        } else {
            call.header("Content-Type", "application/xml");
            String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
                    + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>";
            call.respondBytes(status, xml.getBytes(StandardCharsets.UTF_8));
        }
    }
}
