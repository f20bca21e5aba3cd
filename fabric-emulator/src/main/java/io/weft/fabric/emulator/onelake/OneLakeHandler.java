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
 * {@code /onelake/{workspace}/{item}/Files/...}: resolves the path and hands the call to its group (listing, writes,
 * appends and flush, reads). Bytes are streamed to and from disk; appends may arrive in parallel and out of order and
 * are committed by flush.
 */
public final class OneLakeHandler extends OneLakeCalls {

    private final OneLakeListing listing;
    private final OneLakeWrites writes;
    private final OneLakeAppends appends;
    private final OneLakeReads reads;

    public OneLakeHandler(FabricService service, OneLakeStore store) {
        super(service, store, new ConcurrentHashMap<>());
        this.listing = new OneLakeListing(service, store, metas);
        this.writes = new OneLakeWrites(service, store, metas);
        this.appends = new OneLakeAppends(service, store, metas);
        this.reads = new OneLakeReads(service, store, metas);
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
        Optional<String> workspaceId = service.workspaces().resolve(fileSystem);
        if (path.isEmpty()) {
            listing.fileSystem(call, rawPath, fileSystem, workspaceId);
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
        if (!t.rest().isEmpty() && !t.rest().equals("Files") && !t.rest().startsWith("Files/") && !t.rest().equals("Tables") && !t.rest().startsWith("Tables/")) {
            error(call, rawPath, 400, "OperationNotAllowedOnThePath", "Only the Files and Tables folders are allowed under an item.");
            return;
        }
        switch (call.method()) {
            case "PUT" -> writes.put(call, rawPath, t);
            case "PATCH" -> appends.patch(call, rawPath, t);
            case "HEAD" -> reads.properties(call, rawPath, t);
            case "GET" -> reads.read(call, rawPath, t);
            case "DELETE" -> writes.delete(call, rawPath, t);
            default -> error(call, rawPath, 405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.");
        }
    }
}
