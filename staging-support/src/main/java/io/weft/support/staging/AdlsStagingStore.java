package io.weft.support.staging;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.storage.common.ParallelTransferOptions;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.models.DataLakeFileOpenInputStreamResult;
import com.azure.storage.file.datalake.models.DataLakeRequestConditions;
import com.azure.storage.file.datalake.options.FileParallelUploadOptions;
import io.weft.contracts.command.StagedArchive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Staged objects in an ADLS Gen2 file system (or OneLake, which speaks the same protocol), addressed by
 * {@code abfss://<file system>@<account host>/<directory>/<name>} URIs. Uploads are hashed while they stream;
 * reads are downloaded to a local temporary file while hashed, so the verified bytes are exactly the ones handed to
 * the reader.
 * <p>
 * Storage failures surface as {@link IOException} (retriable); a missing, foreign or altered object as
 * {@link StagingIntegrityException}. While an upload runs its object exists with the bytes flushed so far, under a
 * random name nobody knows before {@link #stage} returns; a failed upload removes it.
 */
public final class AdlsStagingStore implements StagingStore {

    private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");

    private final DataLakeFileSystemClient fileSystem;
    private final String host;
    private final int port;
    private final String directory;
    private final Path downloadDirectory;
    private final ParallelTransferOptions transfer;

    /**
     * How the store uses its file system.
     *
     * @param directory         the directory (inside the file system) holding the staged objects
     * @param createFileSystem  whether to check that the file system exists and create it when it does not (a
     *                          network call in the constructor); false makes no call until the first operation
     * @param downloadDirectory where {@link #open} puts the verified copies
     * @param blockSize         bytes per append, and the largest object sent in one request
     * @param maxConcurrency    appends in flight per upload
     */
    public record Settings(String directory, boolean createFileSystem, Path downloadDirectory, long blockSize, int maxConcurrency) {
    }

    /**
     * @throws IllegalStateException when the file system is missing and cannot be created (OneLake workspaces
     *                               cannot be), or cannot be checked
     */
    public AdlsStagingStore(DataLakeFileSystemClient fileSystem, Settings settings) {
        this.fileSystem = fileSystem;
        URI url = URI.create(fileSystem.getFileSystemUrl());
        this.host = url.getHost();
        this.port = url.getPort();
        this.directory = trimSlashes(settings.directory());
        this.downloadDirectory = settings.downloadDirectory();
        // A single-request limit of one block: with an unknown length the SDK otherwise buffers up to its 100 MiB
        // default in memory before choosing between one request and appends.
        this.transfer = new ParallelTransferOptions().setBlockSizeLong(settings.blockSize())
                .setMaxSingleUploadSizeLong(settings.blockSize()).setMaxConcurrency(settings.maxConcurrency());
        if (settings.createFileSystem()) {
            ensureFileSystem();
        }
    }

    private void ensureFileSystem() {
        String name = fileSystem.getFileSystemName();
        try {
            if (!fileSystem.exists()) {
                fileSystem.createIfNotExists();
            }
        } catch (HttpResponseException e) {
            // OneLake answers 400 OperationNotAllowedOnThePath: a workspace is made through Fabric, not storage.
            throw new IllegalStateException("staging file system '" + name + "' at " + fileSystemUrl()
                    + " does not exist and cannot be created (" + describe(e) + "); create it (for OneLake: the"
                    + " workspace) first, or check the credential's access", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot check staging file system '" + name + "' at "
                    + fileSystemUrl() + ": " + describe(e), e);
        }
    }

    /** The file system's URL without any query (which could hold a SAS signature). */
    private String fileSystemUrl() {
        String url = fileSystem.getFileSystemUrl();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public StagedArchive stage(InputStream content, String fileName) throws IOException {
        String path = (directory.isEmpty() ? "" : directory + "/") + StagedNames.newName(fileName);
        DataLakeFileClient file = fileSystem.getFileClient(path);
        MessageDigest digest = Sha256Digest.newDigest();
        CountingInputStream counted = new CountingInputStream(new DigestInputStream(content, digest));
        try {
            // If-None-Match: * – never overwrite an object, however unlikely a second random name is.
            file.uploadWithResponse(new FileParallelUploadOptions(counted).setParallelTransferOptions(transfer)
                    .setRequestConditions(new DataLakeRequestConditions().setIfNoneMatch("*")), null, null);
        } catch (RuntimeException e) {
            // The SDK reports storage errors as HttpResponseExceptions and the source's IOException wrapped in
            // (reactor's) runtime exceptions; both mean this object is not staged.
            IOException failure = new IOException("staging " + path + " in ADLS failed: " + describe(e), e);
            try {
                file.deleteIfExists();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        return new StagedArchive(uriOf(path), counted.count(), HexFormat.of().formatHex(digest.digest()), fileName);
    }

    @Override
    public VerifiedObject open(StagedArchive archive) throws IOException {
        DataLakeFileClient file = fileSystem.getFileClient(pathOf(archive.uri()));
        DataLakeFileOpenInputStreamResult opened;
        try {
            // One HEAD, then ranged reads pinned to its ETag: a concurrent overwrite fails the read (412).
            opened = file.openInputStream();
        } catch (HttpResponseException e) {
            // openInputStream goes through the blob endpoint: a BlobStorageException, not a DataLakeStorageException.
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                throw new StagingIntegrityException("staged object " + archive.uri() + " does not exist");
            }
            throw new IOException("reading staged object " + archive.uri() + " failed: " + describe(e), e);
        } catch (RuntimeException e) {
            throw new IOException("reading staged object " + archive.uri() + " failed: " + describe(e), e);
        }
        long size = opened.getProperties().getFileSize();
        if (size != archive.sizeBytes()) {
            closeQuietly(opened.getInputStream());
            throw new StagingIntegrityException("staged object " + archive.uri() + " has " + size
                    + " bytes, the command says " + archive.sizeBytes());
        }
        Files.createDirectories(downloadDirectory);
        Path copy = Files.createTempFile(downloadDirectory, "weft-staged-", StagedNames.extensionOf(archive.uri()));
        try {
            Sha256Digest digest;
            try (OutputStream out = Files.newOutputStream(copy); InputStream in = opened.getInputStream()) {
                digest = Sha256Digest.copy(in, out);
            } catch (RuntimeException e) {
                throw new IOException("reading staged object " + archive.uri() + " failed: " + describe(e), e);
            }
            if (digest.sizeBytes() != archive.sizeBytes()) {
                throw new StagingIntegrityException("staged object " + archive.uri() + " has " + digest.sizeBytes()
                        + " bytes, the command says " + archive.sizeBytes());
            }
            if (!digest.sha256().equals(archive.sha256())) {
                throw new StagingIntegrityException("staged object " + archive.uri() + " has SHA-256 "
                        + digest.sha256() + ", the command says " + archive.sha256());
            }
            return new VerifiedObject(archive, copy, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    @Override
    public boolean delete(String uri) throws IOException {
        String path = pathOf(uri);
        try {
            return fileSystem.getFileClient(path).deleteIfExists();
        } catch (RuntimeException e) {
            throw new IOException("deleting staged object " + uri + " failed: " + describe(e), e);
        }
    }

    @Override
    public boolean exists(String uri) throws IOException {
        String path = pathOf(uri);
        try {
            return fileSystem.getFileClient(path).exists();
        } catch (RuntimeException e) {
            throw new IOException("checking staged object " + uri + " failed: " + describe(e), e);
        }
    }

    private String uriOf(String path) {
        try {
            // The multi-argument constructor quotes what a URI cannot hold (a workspace name with spaces).
            return new URI("abfss", fileSystem.getFileSystemName(), host, port, "/" + path, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot form the URI of staged object " + path, e);
        }
    }

    /** The path inside the file system, refusing URIs of another account, file system or directory. */
    private String pathOf(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new StagingIntegrityException("staged object URI " + uri + " is malformed: " + e.getMessage());
        }
        String path = trimSlashes(parsed.getPath() == null ? "" : parsed.getPath());
        String prefix = directory.isEmpty() ? "" : directory + "/";
        String name = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
        if (!"abfss".equals(parsed.getScheme()) || !fileSystem.getFileSystemName().equals(parsed.getUserInfo())
                || !host.equalsIgnoreCase(Objects.requireNonNullElse(parsed.getHost(), "")) || port != parsed.getPort()
                || parsed.getQuery() != null || parsed.getFragment() != null
                || name.isEmpty() || name.contains("/") || name.contains("..")) {
            throw new StagingIntegrityException("staged object " + uri + " is not in this store ("
                    + uriOf(prefix) + ")");
        }
        return path;
    }

    /**
     * The HTTP status and storage error code when there are, else the root cause's message; never a request's
     * credentials (a SAS token is in every request URL).
     */
    private static String describe(RuntimeException e) {
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            String code = http.getResponse().getHeaderValue(ERROR_CODE);
            return http.getResponse().getStatusCode() + (code == null ? "" : " " + code);
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read; the object is refused anyway
        }
    }

    private static String trimSlashes(String value) {
        String trimmed = value;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /**
     * Counts the bytes the SDK pulls, which is the staged object's size. Neither skips nor marks: every byte must
     * pass the digest exactly once, so the SDK buffers what it may have to send again instead of rewinding.
     */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("a hashed upload cannot skip");
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readLimit) {
            // not supported: see markSupported
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("a hashed upload cannot be rewound");
        }

        long count() {
            return count;
        }
    }
}
