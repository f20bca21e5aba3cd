package io.weft.archive;

import java.io.IOException;

/**
 * Reading the archive itself failed while a visitor read an entry: the archive's fault, not the visitor's,
 * so the walk reports it as a problem instead of rethrowing it.
 */
final class UnreadableArchiveException extends IOException {

    UnreadableArchiveException(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
