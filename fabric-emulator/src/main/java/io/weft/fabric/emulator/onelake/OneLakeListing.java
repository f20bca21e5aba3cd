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

/** Workspace-level (file system) calls: its properties and listing paths, recursively or not. */
final class OneLakeListing extends OneLakeCalls {

    OneLakeListing(FabricService service, OneLakeStore store, Map<Path, PathMeta> metas) {
        super(service, store, metas);
    }

    // ------------------------------------------------------------ file system (workspace) level

    void fileSystem(HttpCall call, String rawPath, String fileSystem, Optional<String> workspaceId) throws IOException {
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

    void listPaths(HttpCall call, String rawPath, String fileSystem, String workspaceId) throws IOException {
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
                    entries.add(entry(t.name(), t.disk()));
                    if (recursive) {
                        walk(t, t.disk(), entries);
                    }
                }
            }
        } else {
            Optional<Target> target = resolve(fileSystem, workspaceId, directory);
            if (target.isEmpty() || !Files.isDirectory(target.get().disk())) {
                error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
                return;
            }
            Target t = target.get();
            if (recursive) {
                walk(t, t.disk(), entries);
            } else {
                try (Stream<Path> children = Files.list(t.disk())) {
                    for (Path child : children.sorted().toList()) {
                        entries.add(entry(t.name() + "/" + t.disk().relativize(child).toString().replace('\\', '/'), child));
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

    void walk(Target t, Path dir, List<ObjectNode> entries) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(p -> !p.equals(dir)).sorted(Comparator.comparing(Path::toString)).toList()) {
                String relative = t.disk().relativize(p).toString().replace('\\', '/');
                entries.add(entry(t.name() + "/" + relative, p));
            }
        }
    }

    ObjectNode entry(String name, Path disk) throws IOException {
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

}
