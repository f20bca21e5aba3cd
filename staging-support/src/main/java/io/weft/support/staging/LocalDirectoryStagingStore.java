package io.weft.support.staging;

import io.weft.contracts.command.StagedArchive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Staged objects as files in one directory, addressed by {@code file://} URIs. Objects are written under a
 * temporary name and moved into place atomically, so a reader never sees a partial object.
 */
public final class LocalDirectoryStagingStore implements StagingStore {

    private static final String PARTIAL_SUFFIX = ".partial";

    private final Path root;

    public LocalDirectoryStagingStore(Path directory) throws IOException {
        Files.createDirectories(directory);
        this.root = directory.toRealPath();
    }

    /** The directory holding the staged objects. */
    public Path root() {
        return root;
    }

    @Override
    public StagedArchive stage(InputStream content, String fileName) throws IOException {
        Path target = root.resolve(StagedNames.newName(fileName));
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
        try {
            Sha256Digest digest;
            try (OutputStream out = Files.newOutputStream(partial)) {
                digest = Sha256Digest.copy(content, out);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return new StagedArchive(target.toUri().toString(), digest.sizeBytes(), digest.sha256(), fileName);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    @Override
    public VerifiedObject open(StagedArchive archive) throws IOException {
        Path file = pathOf(archive.uri());
        if (!Files.isRegularFile(file)) {
            throw new StagingIntegrityException("staged object " + archive.uri() + " does not exist");
        }
        long size = Files.size(file);
        if (size != archive.sizeBytes()) {
            throw new StagingIntegrityException("staged object " + archive.uri() + " has " + size
                    + " bytes, the command says " + archive.sizeBytes());
        }
        Sha256Digest digest;
        try (InputStream in = Files.newInputStream(file)) {
            digest = Sha256Digest.of(in);
        }
        if (!digest.sha256().equals(archive.sha256())) {
            throw new StagingIntegrityException("staged object " + archive.uri() + " has SHA-256 " + digest.sha256()
                    + ", the command says " + archive.sha256());
        }
        return new VerifiedObject(archive, file, false);
    }

    @Override
    public boolean delete(String uri) throws IOException {
        return Files.deleteIfExists(pathOf(uri));
    }

    @Override
    public boolean exists(String uri) {
        return Files.isRegularFile(pathOf(uri));
    }

    /** The file a URI names, refusing anything but a direct child of the store's directory. */
    private Path pathOf(String uri) {
        Path path;
        try {
            URI parsed = URI.create(uri);
            if (!"file".equals(parsed.getScheme())) {
                throw new StagingIntegrityException("staged object " + uri + " is not a file:// URI of this store");
            }
            path = Path.of(parsed).normalize();
        } catch (IllegalArgumentException e) {
            throw new StagingIntegrityException("staged object URI " + uri + " is malformed: " + e.getMessage());
        }
        if (!root.equals(path.getParent()) || path.getFileName().toString().endsWith(PARTIAL_SUFFIX)) {
            throw new StagingIntegrityException("staged object " + uri + " is outside the staging directory " + root);
        }
        return path;
    }
}
