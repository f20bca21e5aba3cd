package io.weft.provisioner.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The archive formats a scenario may come in, recognised by their leading bytes rather than by the name the
 * client chose: gzip ({@code 1f 8b}) is a tar.gz, {@code PK} a zip, {@code ustar} at offset 257 a tar.
 */
public enum ArchiveFormat {
    TAR, TAR_GZ, ZIP;

    private static final int TAR_MAGIC_OFFSET = 257;
    private static final byte[] TAR_MAGIC = {'u', 's', 't', 'a', 'r'};

    public static ArchiveFormat detect(Path file) throws IOException {
        byte[] head = new byte[TAR_MAGIC_OFFSET + TAR_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return TAR_GZ;
        }
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return ZIP;
        }
        if (read == head.length && Arrays.equals(head, TAR_MAGIC_OFFSET, head.length, TAR_MAGIC, 0, TAR_MAGIC.length)) {
            return TAR;
        }
        throw new ArchiveRejectedException("the staged archive is neither a tar, a tar.gz nor a zip archive");
    }
}
