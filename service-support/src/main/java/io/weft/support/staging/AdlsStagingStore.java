package io.weft.support.staging;

import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import com.azure.storage.file.datalake.options.FileParallelUploadOptions;
import io.weft.contracts.command.StagedArchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Staged objects in an ADLS Gen2 file system, addressed by
 * {@code abfss://<file system>@<account host>/<directory>/<name>} URIs. Uploads are hashed while they
 * stream; reads are downloaded to a local temporary file while hashed, so the verified bytes are exactly
 * the ones handed to the reader.
 */
public final class AdlsStagingStore implements StagingStore {

    private final DataLakeFileSystemClient fileSystem;
    private final String host;
    private final String directory;

    public AdlsStagingStore(DataLakeFileSystemClient fileSystem, String directory) {
        this.fileSystem = fileSystem;
        this.host = URI.create(fileSystem.getFileSystemUrl()).getAuthority();
        this.directory = trimSlashes(directory);
        if (!fileSystem.exists()) {
            fileSystem.createIfNotExists();
        }
    }

    @Override
    public StagedArchive stage(InputStream content, String fileName) throws IOException {
        String path = (directory.isEmpty() ? "" : directory + "/") + StagedNames.newName(fileName);
        DataLakeFileClient file = fileSystem.getFileClient(path);
        MessageDigest digest = Sha256Digest.newDigest();
        CountingInputStream counted = new CountingInputStream(new DigestInputStream(content, digest));
        try {
            file.uploadWithResponse(new FileParallelUploadOptions(counted), null, null);
        } catch (DataLakeStorageException | UncheckedIOException e) {
            file.deleteIfExists();
            throw new IOException("staging " + path + " in ADLS failed: " + e.getMessage(), e);
        }
        return new StagedArchive(uriOf(path), counted.count(), HexFormat.of().formatHex(digest.digest()), fileName);
    }

    @Override
    public VerifiedObject open(StagedArchive archive) throws IOException {
        DataLakeFileClient file = fileSystem.getFileClient(pathOf(archive.uri()));
        if (!file.exists()) {
            throw new StagingIntegrityException("staged object " + archive.uri() + " does not exist");
        }
        Path copy = Files.createTempFile("weft-staged-", StagedNames.extensionOf(archive.uri()));
        try {
            Sha256Digest digest;
            try (OutputStream out = Files.newOutputStream(copy); InputStream in = file.openInputStream().getInputStream()) {
                digest = Sha256Digest.copy(in, out);
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
    public boolean delete(String uri) {
        return fileSystem.getFileClient(pathOf(uri)).deleteIfExists();
    }

    @Override
    public boolean exists(String uri) {
        return fileSystem.getFileClient(pathOf(uri)).exists();
    }

    private String uriOf(String path) {
        return "abfss://" + fileSystem.getFileSystemName() + "@" + host + "/" + path;
    }

    /** The path inside the file system, refusing URIs of another account, file system or directory. */
    private String pathOf(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new StagingIntegrityException("staged object URI " + uri + " is malformed: " + e.getMessage());
        }
        String expectedAuthority = fileSystem.getFileSystemName() + "@" + host;
        String path = trimSlashes(parsed.getPath() == null ? "" : parsed.getPath());
        String prefix = directory.isEmpty() ? "" : directory + "/";
        if (!"abfss".equals(parsed.getScheme()) || !expectedAuthority.equals(parsed.getAuthority())
                || !path.startsWith(prefix) || path.substring(prefix.length()).contains("/")
                || path.length() == prefix.length() || path.contains("..")) {
            throw new StagingIntegrityException("staged object " + uri + " is not in this store (abfss://"
                    + expectedAuthority + "/" + prefix + ")");
        }
        return path;
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

    /** Counts the bytes the SDK pulls, which is the staged object's size. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
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
        public long skip(long n) {
            throw new UnsupportedOperationException("a hashed stream cannot skip");
        }

        long count() {
            return count;
        }
    }
}
