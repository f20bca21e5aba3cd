package io.weft.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the CloudEvent out of a Kafka record in either content mode of the CloudEvents Kafka protocol binding
 * (1.0): binary ({@code ce_*} headers, the data as the value) or structured ({@code content-type:
 * application/cloudevents+json}, attributes and {@code data} or {@code data_base64} in one JSON value).
 * Everything else is refused with a reason: the batch format, other event formats, data that is not JSON,
 * spec versions other than 1.0, missing or repeated attributes, headers that are not UTF-8 or too large.
 * This is the one place every Weft consumer reads a record's envelope. Never throws anything but
 * {@link ContractViolationException} for a record it cannot read; thread-safe.
 */
public final class CloudEventReader {

    /** The one CloudEvents spec version Weft reads. */
    public static final String SPEC_VERSION = "1.0";
    /** The media type of a structured-mode CloudEvent in the JSON event format. */
    public static final String STRUCTURED_JSON = "application/cloudevents+json";
    /** The media type of the JSON batch format, which Weft does not accept on Kafka. */
    public static final String BATCH_JSON = "application/cloudevents-batch+json";
    /** The header carrying the content type in both modes (the binding names it so, without a prefix). */
    public static final String CONTENT_TYPE = "content-type";
    /** The binary-mode header prefix. */
    public static final String HEADER_PREFIX = "ce_";
    /**
     * The most header bytes a record may carry. The CloudEvents spec asks intermediaries to forward events up to
     * 64 KiB; attributes beyond that are a producer's mistake (a stack trace in a header), not an envelope.
     */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The longest a single attribute may be. */
    public static final int MAX_ATTRIBUTE_CHARS = 4 * 1024;

    /** What the job id must look like (the contracts' {@code jobId} pattern) to be used to report a rejection. */
    private static final Pattern JOB_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
    /** Values larger than this are not parsed just to look for a job id. */
    private static final int MAX_HINT_PARSE_BYTES = 16 * 1024 * 1024;
    private static final int MAX_REASON_DETAIL_CHARS = 200;

    private CloudEventReader() {
    }

    /**
     * The CloudEvent in a record.
     *
     * @param headers the record's headers, in order
     * @param value   the record's value; null for a tombstone
     * @throws ContractViolationException naming why the record is not a CloudEvent Weft can read
     */
    public static CloudEventEnvelope read(List<RecordHeader> headers, byte[] value) {
        List<RecordHeader> all = headers == null ? List.of() : headers;
        long headerBytes = all.stream().mapToLong(h -> (h.name() == null ? 0 : h.name().length())
                + (h.value() == null ? 0 : h.value().length)).sum();
        if (headerBytes > MAX_HEADER_BYTES) {
            throw refused(null, "record headers: " + headerBytes + " bytes, more than the " + MAX_HEADER_BYTES
                    + " a CloudEvent's attributes may take");
        }
        String contentType = single(all, CONTENT_TYPE, true);
        String mediaType = contentType == null ? null : mediaType(contentType);
        if (mediaType != null && mediaType.startsWith("application/cloudevents")) {
            if (mediaType.equals(BATCH_JSON) || mediaType.startsWith("application/cloudevents-batch")) {
                throw refused(null, "content-type " + detail(contentType) + ": the CloudEvents batch format is not"
                        + " accepted on Kafka; publish one event per record");
            }
            if (!mediaType.equals(STRUCTURED_JSON)) {
                throw refused(null, "content-type " + detail(contentType) + ": only the JSON event format ("
                        + STRUCTURED_JSON + ") is accepted in structured mode");
            }
            requireUtf8Charset(contentType);
            return structured(value);
        }
        return binary(all, contentType, value);
    }

    /**
     * The job a record is about, as far as it can be told from anything in it: the {@code ce_subject} header, the
     * structured {@code subject}, or a {@code jobId} in the data. For reporting a record that cannot be read;
     * never throws, whatever the record holds.
     */
    public static Optional<String> jobIdOf(List<RecordHeader> headers, byte[] value) {
        try {
            if (headers != null) {
                for (RecordHeader header : headers) {
                    if ((HEADER_PREFIX + "subject").equals(header.name())) {
                        Optional<String> subject = jobId(utf8(header.value()));
                        if (subject.isPresent()) {
                            return subject;
                        }
                    }
                }
            }
            if (value == null || value.length == 0 || value.length > MAX_HINT_PARSE_BYTES) {
                return Optional.empty();
            }
            JsonNode json = mapper().readTree(value);
            if (json == null || !json.isObject()) {
                return Optional.empty();
            }
            Optional<String> found = jobId(json.path("subject").textValue())
                    .or(() -> jobId(json.path("jobId").textValue()))
                    .or(() -> jobId(json.path("data").path("jobId").textValue()));
            if (found.isEmpty() && json.path("data_base64").isTextual()) {
                JsonNode data = mapper().readTree(Base64.getDecoder().decode(json.path("data_base64").textValue()));
                found = data == null ? Optional.empty() : jobId(data.path("jobId").textValue());
            }
            return found;
        } catch (IOException | RuntimeException | StackOverflowError unreadable) {
            return Optional.empty();
        }
    }

    private static CloudEventEnvelope binary(List<RecordHeader> headers, String contentType, byte[] value) {
        String specVersion = single(headers, HEADER_PREFIX + "specversion", false);
        if (specVersion == null) {
            throw refused(null, "not a CloudEvent: no ce_specversion header (binary mode), and the content-type is "
                    + (contentType == null ? "absent" : detail(contentType)) + ", not " + STRUCTURED_JSON
                    + " (structured mode)");
        }
        String type = single(headers, HEADER_PREFIX + "type", false);
        requireSpecVersion(type, specVersion);
        String id = single(headers, HEADER_PREFIX + "id", false);
        String source = single(headers, HEADER_PREFIX + "source", false);
        String subject = single(headers, HEADER_PREFIX + "subject", false);
        // Any other ce_ attribute: not used, but a repeated or unreadable one is a broken envelope all the same.
        headers.stream().map(RecordHeader::name).filter(n -> n != null && n.startsWith(HEADER_PREFIX)).distinct()
                .forEach(name -> single(headers, name, false));
        List<String> missing = new ArrayList<>();
        requirePresent(missing, "ce_id", id);
        requirePresent(missing, "ce_type", type);
        requirePresent(missing, "ce_source", source);
        if (!missing.isEmpty()) {
            throw refused(type, String.join("; ", missing));
        }
        if (contentType != null && !isJson(mediaType(contentType))) {
            throw refused(type, "content-type " + detail(contentType) + ": Weft's event data is JSON"
                    + " (application/json)");
        }
        if (contentType != null) {
            requireUtf8Charset(contentType);
        }
        if (value == null) {
            throw refused(type, "the record has no value (a tombstone): a Weft CloudEvent always carries data");
        }
        if (value.length == 0) {
            throw refused(type, "data: the record value is empty");
        }
        return new CloudEventEnvelope(CloudEventEnvelope.Mode.BINARY, id, type, source, subject, value);
    }

    private static CloudEventEnvelope structured(byte[] value) {
        if (value == null) {
            throw refused(null, "the record has no value (a tombstone), yet its content-type says it holds a"
                    + " structured CloudEvent");
        }
        if (value.length == 0) {
            throw refused(null, "structured mode: the record value is empty");
        }
        JsonNode event;
        try {
            event = mapper().readTree(value);
        } catch (IOException e) {
            throw refused(null, "structured mode: the value is not JSON: " + firstLine(e));
        }
        if (event == null || !event.isObject()) {
            throw refused(null, "structured mode: the value must be a JSON object, not "
                    + (event == null ? "nothing" : event.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        String type = attribute(event, "type");
        String specVersion = attribute(event, "specversion");
        if (specVersion == null) {
            throw refused(type, "structured mode: specversion is missing");
        }
        requireSpecVersion(type, specVersion);
        String id = attribute(event, "id");
        String source = attribute(event, "source");
        String subject = attribute(event, "subject");
        String dataContentType = attribute(event, "datacontenttype");
        List<String> missing = new ArrayList<>();
        requirePresent(missing, "id", id);
        requirePresent(missing, "type", type);
        requirePresent(missing, "source", source);
        if (!missing.isEmpty()) {
            throw refused(type, "structured mode: " + String.join("; ", missing));
        }
        if (dataContentType != null && !isJson(mediaType(dataContentType))) {
            throw refused(type, "datacontenttype " + detail(dataContentType) + ": Weft's event data is JSON"
                    + " (application/json)");
        }
        boolean hasData = event.has("data") && !event.get("data").isNull();
        boolean hasBase64 = event.has("data_base64") && !event.get("data_base64").isNull();
        if (hasData && hasBase64) {
            throw refused(type, "structured mode: both data and data_base64 are present; the JSON event format"
                    + " allows one of them");
        }
        if (!hasData && !hasBase64) {
            throw refused(type, "data: the CloudEvent has no data (neither data nor data_base64)");
        }
        byte[] data;
        if (hasBase64) {
            JsonNode encoded = event.get("data_base64");
            if (!encoded.isTextual()) {
                throw refused(type, "data_base64: must be a string");
            }
            try {
                data = Base64.getDecoder().decode(encoded.textValue());
            } catch (IllegalArgumentException e) {
                throw refused(type, "data_base64: not valid Base64: " + detail(e.getMessage()));
            }
        } else {
            JsonNode json = event.get("data");
            if (!json.isObject()) {
                throw refused(type, "data: must be a JSON object, not " + article(json)
                        + (json.isTextual() ? " (JSON data goes into data as JSON, not as an encoded string)" : ""));
            }
            try {
                data = mapper().writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw refused(type, "data: cannot be re-encoded: " + firstLine(e));
            }
        }
        return new CloudEventEnvelope(CloudEventEnvelope.Mode.STRUCTURED, id, type, source, subject, data);
    }

    /** A context attribute of a structured event: a string, or a reason why not. */
    private static String attribute(JsonNode event, String name) {
        JsonNode node = event.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw refused(null, "structured mode: " + name + " must be a string, not " + article(node));
        }
        if (node.textValue().length() > MAX_ATTRIBUTE_CHARS) {
            throw refused(null, "structured mode: " + name + " is " + node.textValue().length()
                    + " characters, more than " + MAX_ATTRIBUTE_CHARS);
        }
        return node.textValue();
    }

    /** The value of a header that may appear at most once, decoded as UTF-8; null when absent. */
    private static String single(List<RecordHeader> headers, String name, boolean ignoreCase) {
        String found = null;
        int count = 0;
        for (RecordHeader header : headers) {
            if (header.name() != null && (ignoreCase ? header.name().equalsIgnoreCase(name) : header.name().equals(name))) {
                count++;
                if (count > 1) {
                    throw refused(null, "header " + name + " appears more than once; a CloudEvent attribute has one value");
                }
                if (header.value() == null) {
                    continue;
                }
                if (header.value().length > MAX_ATTRIBUTE_CHARS) {
                    throw refused(null, "header " + name + " is " + header.value().length + " bytes, more than "
                            + MAX_ATTRIBUTE_CHARS);
                }
                found = utf8(header.value());
                if (found == null) {
                    throw refused(null, "header " + name + " is not valid UTF-8");
                }
            }
        }
        return found;
    }

    private static void requireSpecVersion(String type, String specVersion) {
        if (!SPEC_VERSION.equals(specVersion.trim())) {
            throw refused(type, "specversion " + detail(specVersion) + " is not supported; Weft reads CloudEvents "
                    + SPEC_VERSION);
        }
    }

    private static void requirePresent(List<String> missing, String name, String value) {
        if (value == null || value.isBlank()) {
            missing.add(name + ": required CloudEvent attribute is missing");
        }
    }

    private static void requireUtf8Charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                String charset = pair[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw refused(null, "content-type " + detail(contentType) + ": only UTF-8 JSON is accepted");
                }
            }
        }
    }

    /** application/json and any {@code +json} type (RFC 6839). */
    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json") || mediaType.equals("text/json");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> jobId(String candidate) {
        return candidate != null && JOB_ID.matcher(candidate).matches() ? Optional.of(candidate) : Optional.empty();
    }

    /** Strict UTF-8: null when the bytes are not UTF-8, instead of replacement characters. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String article(JsonNode node) {
        String kind = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private static String detail(String text) {
        String oneLine = text == null ? "null" : text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (oneLine.length() > MAX_REASON_DETAIL_CHARS ? oneLine.substring(0, MAX_REASON_DETAIL_CHARS) + "…" : oneLine) + "'";
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        String line = message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
        return line.length() > MAX_REASON_DETAIL_CHARS ? line.substring(0, MAX_REASON_DETAIL_CHARS) + "…" : line;
    }

    private static ContractViolationException refused(String type, String reason) {
        return new ContractViolationException(type == null || type.length() > MAX_REASON_DETAIL_CHARS ? null : type,
                List.of(reason));
    }

    private static ObjectMapper mapper() {
        return ContractCodec.get().mapper();
    }
}
