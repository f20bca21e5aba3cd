package io.weft.archive;

import java.io.EOFException;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;

/**
 * Says in words why an archive could not be read: the libraries' exceptions often have no message
 * ({@code EOFException} for a truncated stream), and a class name means nothing to whoever sent the archive.
 */
final class ReadFailures {

    private ReadFailures() {
    }

    static String describe(Throwable failure) {
        Throwable cause = failure instanceof UnreadableArchiveException ? failure.getCause() : failure;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return "the archive ends early (it is truncated or incomplete)";
            }
        }
        String message = cause.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        if (cause instanceof ZipException || cause instanceof DataFormatException) {
            return "its compressed data is damaged";
        }
        return "its data is damaged or not in the format its signature announces";
    }
}
