package io.weft.gateway.support;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A multipart/form-data request for the JDK's {@code HttpClient}, with the file part streamed from disk: what a
 * Java client without a multipart library sends.
 */
public final class MultipartUpload {

    private MultipartUpload() {
    }

    /** A POST of the fields, then the file as the part {@code fileField}, as the admin test app. */
    public static HttpRequest post(URI uri, Map<String, String> fields, String fileField, Path file) throws FileNotFoundException {
        return post(uri, fields, fileField, file, Authorized.bearer());
    }

    /** As {@link #post(URI, Map, String, Path)} with this {@code Authorization} header value. */
    public static HttpRequest post(URI uri, Map<String, String> fields, String fileField, Path file, String authorization) throws FileNotFoundException {
        String boundary = "weft-" + UUID.randomUUID();
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(fileField)
                .append("\"; filename=\"").append(file.getFileName()).append("\"\r\n")
                .append("Content-Type: application/octet-stream\r\n\r\n");
        return HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofString(head.toString()),
                        HttpRequest.BodyPublishers.ofFile(file),
                        HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
                .build();
    }
}
