package io.weft.fabric.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 exchange over a TLS socket, read byte for byte: the JDK client folds header names to one case, so
 * only a socket shows the names exactly as the emulator sent them.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A raw exchange: status line, header lines exactly as received, body bytes (de-chunked). */
    record Raw(String statusLine, List<String> headerLines, byte[] body) {

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The header names exactly as sent, in order. */
        List<String> names() {
            return headerLines.stream().map(l -> l.substring(0, l.indexOf(':'))).toList();
        }

        /** The value of the header with exactly this name, or null. */
        String value(String exactName) {
            return headerLines.stream().filter(l -> l.startsWith(exactName + ":")).map(l -> l.substring(exactName.length() + 1).trim())
                    .findFirst().orElse(null);
        }

        /** The value of the header with this name in any case, or null. */
        String header(String name) {
            return headerLines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return body.length == 0 ? EmulatorClients.JSON.nullNode() : EmulatorClients.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + text(), e);
            }
        }

        @Override
        public String toString() {
            return statusLine + " " + headerLines + " " + text();
        }
    }

    /** Sends one request (Connection: close) with a bearer token and reads every byte of the answer. */
    static Raw send(FabricEmulator emulator, String token, String method, String url, String json) throws IOException {
        URI uri = URI.create(url);
        try (SSLSocket socket = (SSLSocket) emulator.sslContext().getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String head = method + " " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            byte[] all = readAll(socket.getInputStream());
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            byte[] rest = Arrays.copyOfRange(all, end + 4, all.length);
            boolean chunked = headers.stream().anyMatch(l -> l.toLowerCase().startsWith("transfer-encoding:") && l.toLowerCase().contains("chunked"));
            return new Raw(lines[0], headers, chunked ? dechunk(rest) : rest);
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOfCrLf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrLf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("A chunk size line without CRLF");
    }
}
