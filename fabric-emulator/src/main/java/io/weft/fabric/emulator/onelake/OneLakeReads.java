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

/** Reading a file (whole or a byte range) and its properties (HEAD). */
final class OneLakeReads extends OneLakeCalls {

    OneLakeReads(FabricService service, OneLakeStore store, Map<Path, PathMeta> metas) {
        super(service, store, metas);
    }

    void properties(HttpCall call, String rawPath, Target t) throws IOException {
        if (!Files.exists(t.disk())) {
            error(call, rawPath, 404, "BlobNotFound", "The specified blob does not exist.");
            return;
        }
        PathMeta meta = meta(t.disk());
        describe(call, meta);
        if ("getAccessControl".equals(call.query("action"))) {
            call.header("x-ms-owner", "$superuser").header("x-ms-group", "$superuser")
                    .header("x-ms-permissions", meta.directory ? "rwxr-x---" : "rw-r-----")
                    .header("x-ms-acl", "user::rwx,group::r-x,other::---");
        }
        call.header("Content-Length", Long.toString(meta.directory ? 0 : meta.committedLength));
        call.respondEmpty(200);
    }

    // ------------------------------------------------------------ read

    void read(HttpCall call, String rawPath, Target t) throws IOException {
        if (!Files.exists(t.disk())) {
            error(call, rawPath, 404, "BlobNotFound", "The specified blob does not exist.");
            return;
        }
        PathMeta meta = meta(t.disk());
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
            try (FileChannel channel = FileChannel.open(t.disk(), StandardOpenOption.READ); OutputStream body = out) {
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

}
