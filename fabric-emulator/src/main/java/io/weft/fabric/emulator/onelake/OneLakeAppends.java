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

/** Appending bytes at positions (in parallel, out of order), flushing them into the file, and setting properties. */
final class OneLakeAppends extends OneLakeCalls {

    OneLakeAppends(FabricService service, OneLakeStore store, Map<Path, PathMeta> metas) {
        super(service, store, metas);
    }

    // ------------------------------------------------------------ append, flush, properties

    void patch(HttpCall call, String rawPath, Target t) throws IOException {
        String action = call.query("action");
        if (action == null) {
            error(call, rawPath, 400, "InvalidQueryParameterValue", "The action query parameter is required.");
            return;
        }
        switch (action) {
            case "append" -> append(call, rawPath, t);
            case "flush" -> flush(call, rawPath, t);
            case "setProperties", "setAccessControl", "setAccessControlRecursive" -> {
                if (!Files.exists(t.disk())) {
                    error(call, rawPath, 404, "PathNotFound", "The specified path does not exist.");
                    return;
                }
                PathMeta meta = meta(t.disk());
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
    Long positionInExistingFile(HttpCall call, String rawPath, Target t) throws IOException {
        if (!Files.isRegularFile(t.disk())) {
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

    void invalidPosition(HttpCall call, String rawPath) throws IOException {
        error(call, rawPath, 400, "InvalidFlushPosition", "The uploaded data is not contiguous or the position query parameter value is not"
                + " equal to the length of the file after appending the uploaded data.");
    }

    void append(HttpCall call, String rawPath, Target t) throws IOException {
        Long position = positionInExistingFile(call, rawPath, t);
        if (position == null) {
            return;
        }
        PathMeta meta = meta(t.disk());
        if (position < meta.committedLength) {
            invalidPosition(call, rawPath);
            return;
        }
        long written = 0;
        try (FileChannel channel = FileChannel.open(t.disk(), StandardOpenOption.WRITE); InputStream in = call.body()) {
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

    void flush(HttpCall call, String rawPath, Target t) throws IOException {
        Long position = positionInExistingFile(call, rawPath, t);
        if (position == null) {
            return;
        }
        PathMeta meta = meta(t.disk());
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
            try (FileChannel channel = FileChannel.open(t.disk(), StandardOpenOption.WRITE)) {
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

}
