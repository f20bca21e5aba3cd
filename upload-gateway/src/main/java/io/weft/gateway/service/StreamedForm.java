package io.weft.gateway.service;

import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.RequestContext;
import org.apache.commons.io.input.ProxyInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@code multipart/form-data} request body read part by part as it arrives, with commons-fileupload's streaming
 * API: text fields are kept (each up to a size), the one file part is handed to a reader while its bytes arrive,
 * and any other part is read past. Nothing holds the body whole, in memory or on disk: what the reader does with
 * the file's bytes (stage them, inspect them) is the only pass over them.
 */
final class StreamedForm {

    private StreamedForm() {
    }

    /**
     * @param maxBodySize  the most bytes the body may have ({@code quarkus.http.limits.max-body-size}), or -1
     * @param maxChunkSize the most bytes of one HTTP chunk ({@code quarkus.http.limits.max-chunk-size})
     * @param maxFieldSize the most bytes a text field may have ({@code quarkus.http.limits.max-form-attribute-size})
     */
    record Limits(long maxBodySize, long maxChunkSize, int maxFieldSize) {

        /**
         * The bound this reader enforces: none for a declared length (the HTTP layer refused it above the limit before
         * any byte was read), and for a chunked body the limit less one chunk. Quarkus's own check fails the read of
         * the chunk that would pass the limit, after answering an empty {@code 413} itself; stopping a chunk earlier
         * answers with a problem that names the limit instead.
         */
        long bound(long contentLength) {
            return maxBodySize < 0 || contentLength >= 0 ? -1 : Math.max(0, maxBodySize - maxChunkSize);
        }
    }

    /** Reads the file part's bytes as they arrive. */
    @FunctionalInterface
    interface FilePartReader<T> {
        /**
         * @param content  the part's bytes; what the reader leaves unread is read past
         * @param fileName the client's file name, or {@code null}
         */
        T read(InputStream content, String fileName) throws IOException;
    }

    /**
     * The form as read.
     *
     * @param fields   the text fields, by name (each one's first value)
     * @param file     what the reader returned, when the file part came
     * @param fileName the file part's file name, when it came with one
     * @param problems what is wrong with the form itself: a field given twice or too long, a second file
     */
    record Parsed<T>(Map<String, String> fields, Optional<T> file, String fileName, List<Problem> problems) {
    }

    /**
     * Reads the whole body.
     *
     * @param fileField          the name of the one file part
     * @param onFailureAfterFile called with what the reader returned when the body fails after the file part was read,
     *                           so that the caller can undo what its reader did
     * @throws BodyTooLargeException   when the body grows above {@link Limits#maxBodySize()}
     * @throws MalformedBodyException  when the body is not a readable multipart body (or stopped arriving)
     */
    static <T> Parsed<T> read(InputStream body, String contentType, long contentLength, Limits limits, String fileField,
            FilePartReader<T> reader, Consumer<T> onFailureAfterFile) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        T file = null;
        boolean fileCame = false;
        String fileName = null;
        try {
            FileItemInputIterator parts = new Parser(limits.bound(contentLength))
                    .getItemIterator((RequestContext) new Request(body, contentType, contentLength));
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                String name = part.getFieldName();
                if (fileField.equals(name)) {
                    if (fileCame) {
                        problems.add(Problem.ofField(name, Rules.FIELD_VALUE, "one file per upload: a second '" + name
                                + "' part was sent"));
                        continue;
                    }
                    fileCame = true;
                    fileName = part.getName();
                    try (PartReads content = new PartReads(part.getInputStream())) {
                        try {
                            file = reader.read(content, fileName);
                        } catch (IOException | RuntimeException e) {
                            // The reader saw the body fail under it: that, not what the reader made of it, is the cause.
                            content.rethrowFailure(e);
                            throw e;
                        }
                    }
                } else if (part.isFormField() && name != null && !name.isEmpty()) {
                    readField(part, limits.maxFieldSize(), fields, problems);
                }
                // any other part (an unknown file, a nameless part) is read past by the next hasNext()
            }
            return new Parsed<>(fields, fileCame ? Optional.ofNullable(file) : Optional.empty(), fileName, problems);
        } catch (IOException e) {
            undo(file, onFailureAfterFile);
            throw refusal(e, limits);
        } catch (RuntimeException | Error e) {
            undo(file, onFailureAfterFile);
            throw e;
        }
    }

    /** What the client is told of a body that failed to be read. */
    private static RuntimeException refusal(IOException failure, Limits limits) {
        if (failure instanceof FileUploadSizeException) {
            return new BodyTooLargeException(limits.maxBodySize(), failure);
        }
        if (failure instanceof FileUploadException && !(failure instanceof MultipartInput.MalformedStreamException)) {
            return new MalformedBodyException("the body is not a multipart/form-data body: " + failure.getMessage(), failure);
        }
        // cut short (no closing boundary), or the connection failed while it arrived
        return new MalformedBodyException("the body could not be read to its end: " + failure.getMessage(), failure);
    }

    private static <T> void undo(T file, Consumer<T> onFailureAfterFile) {
        if (file != null) {
            onFailureAfterFile.accept(file);
        }
    }

    private static void readField(FileItemInput part, int maxFieldSize, Map<String, String> fields, List<Problem> problems)
            throws IOException {
        String name = part.getFieldName();
        byte[] value;
        try (InputStream content = part.getInputStream()) {
            value = content.readNBytes(maxFieldSize + 1);
        }
        if (value.length > maxFieldSize) {
            problems.add(Problem.ofField(name, Rules.FIELD_VALUE, "longer than " + maxFieldSize
                    + " bytes (quarkus.http.limits.max-form-attribute-size)"));
        } else if (fields.putIfAbsent(name, new String(value, StandardCharsets.UTF_8)) != null) {
            problems.add(Problem.ofField(name, Rules.FIELD_VALUE, "given more than once"));
        }
    }

    /** A part's stream, remembering the first failure it raised: the body's, or its framing's. */
    private static final class PartReads extends ProxyInputStream {
        private IOException failure;

        PartReads(InputStream part) {
            super(part);
        }

        @Override
        protected void handleIOException(IOException e) throws IOException {
            failure = failure == null ? e : failure;
            throw e;
        }

        /** Throws the body's own failure, when there was one, with {@code seen} (what came of it) suppressed. */
        void rethrowFailure(Exception seen) throws IOException {
            if (failure != null) {
                if (failure != seen) {
                    failure.addSuppressed(seen);
                }
                throw failure;
            }
        }
    }

    /** What commons-fileupload needs of the request. */
    private record Request(InputStream body, String contentType, long contentLength) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return null;
        }

        @Override
        public long getContentLength() {
            return contentLength;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /**
     * commons-fileupload's core parser; its servlet and Jakarta subclasses bind it to a servlet request, which Quarkus
     * REST does not have. Only the streaming iterator is used: nothing is parsed into items kept on disk.
     */
    private static final class Parser extends AbstractFileUpload<Request, DiskFileItem, DiskFileItemFactory> {

        Parser(long maxBodySize) {
            setSizeMax(maxBodySize);
            setHeaderCharset(StandardCharsets.UTF_8);
        }

        @Override
        public FileItemInputIterator getItemIterator(Request request) throws FileUploadException, IOException {
            return getItemIterator((RequestContext) request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(Request request) {
            throw new UnsupportedOperationException("the form is only read as a stream");
        }

        @Override
        public List<DiskFileItem> parseRequest(Request request) {
            throw new UnsupportedOperationException("the form is only read as a stream");
        }
    }
}
