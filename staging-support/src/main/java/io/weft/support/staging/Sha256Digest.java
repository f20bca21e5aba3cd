package io.weft.support.staging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Size and lowercase hex SHA-256 of a byte stream, computed while it is copied, so that no object is ever
 * read twice just to be hashed.
 */
public record Sha256Digest(long sizeBytes, String sha256) {

    private static final int BUFFER_SIZE = 64 * 1024;

    /** Copies {@code in} to {@code out} (neither is closed) and returns what was copied. */
    public static Sha256Digest copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER_SIZE];
        long size = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            digest.update(buffer, 0, read);
            out.write(buffer, 0, read);
            size += read;
        }
        return new Sha256Digest(size, HexFormat.of().formatHex(digest.digest()));
    }

    /** Reads {@code in} to its end (without closing it) and returns its size and hash. */
    public static Sha256Digest of(InputStream in) throws IOException {
        return copy(in, OutputStream.nullOutputStream());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
