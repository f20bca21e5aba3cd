package io.weft.fabric.client.onelake;

/** Upload progress across a set of files. */
public record UploadProgress(int filesDone, int filesTotal, long bytesDone, long bytesTotal) {

    /** Receives progress while files are uploaded; called from upload threads. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = p -> {
        };

        void onProgress(UploadProgress progress);
    }
}
