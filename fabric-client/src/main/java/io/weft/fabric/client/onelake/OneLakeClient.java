package io.weft.fabric.client.onelake;

import com.azure.core.util.Context;
import io.weft.fabric.client.http.OneLakeTelemetryPolicy;
import com.azure.storage.common.ParallelTransferOptions;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClient;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import com.azure.storage.file.datalake.options.DataLakePathDeleteOptions;
import com.azure.storage.file.datalake.options.FileParallelUploadOptions;
import io.weft.fabric.client.ClientErrorCodes;
import io.weft.fabric.client.FabricException;
import io.weft.fabric.client.config.FabricSettings;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OneLake files through azure-storage-file-datalake: the workspace (name or id) is the file system, paths start
 * with the item ({@code MyLH.Lakehouse/Files/...} or {@code <lakehouseId>/Files/...}). Uploads stream from disk or
 * a stream, several files at once, with memory bounded by parallel files × blocks in flight × block size.
 */
public class OneLakeClient {

    private final DataLakeServiceClient service;
    private final FabricSettings.Upload upload;
    private final OneLakeTelemetryPolicy telemetry;

    /** @param telemetry the policy in {@code service}'s pipeline that makes each request a span of its job */
    public OneLakeClient(DataLakeServiceClient service, FabricSettings.Upload upload, OneLakeTelemetryPolicy telemetry) {
        this.service = service;
        this.upload = upload;
        this.telemetry = telemetry;
    }

    /**
     * Uploads {@code files} under {@code directory} (e.g. {@code MyLH.Lakehouse/Files/raw}), overwriting existing
     * files, and returns once all are written. Fails with the first file's error after the others finished.
     */
    public void upload(String workspace, String directory, List<UploadFile> files, UploadProgress.Listener listener) {
        UploadProgress.Listener progress = listener == null ? UploadProgress.Listener.NONE : listener;
        DataLakeFileSystemClient fileSystem = service.getFileSystemClient(workspace);
        long bytesTotal = files.stream().mapToLong(UploadFile::length).sum();
        AtomicLong bytesDone = new AtomicLong();
        AtomicInteger filesDone = new AtomicInteger();
        progress.onProgress(new UploadProgress(0, files.size(), 0, bytesTotal));
        io.opentelemetry.context.Context job = io.opentelemetry.context.Context.current(); // the pool's threads are not the job's
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(upload.parallelFiles(), files.size())),
                r -> {
                    Thread t = new Thread(r, "onelake-upload");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (UploadFile file : files) {
                futures.add(pool.submit(() -> {
                    AtomicLong fileBytes = new AtomicLong();
                    ParallelTransferOptions options = new ParallelTransferOptions()
                            .setBlockSizeLong(upload.blockSize())
                            .setMaxSingleUploadSizeLong(upload.blockSize())
                            .setMaxConcurrency(upload.maxConcurrency())
                            .setProgressListener(transferred -> {
                                long delta = transferred - fileBytes.getAndSet(transferred);
                                long done = bytesDone.addAndGet(delta);
                                progress.onProgress(new UploadProgress(filesDone.get(), files.size(), done, bytesTotal));
                            });
                    String path = join(directory, file.targetName());
                    try (AutoCloseable tracked = telemetry.track(workspace, path, job)) {
                        uploadOne(fileSystem, path, file, options);
                    }
                    long rest = file.length() - fileBytes.get();
                    long done = bytesDone.addAndGet(Math.max(0, rest));
                    progress.onProgress(new UploadProgress(filesDone.incrementAndGet(), files.size(), done, bytesTotal));
                    return null;
                }));
            }
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(x -> x.cancel(true));
                    throw new FabricException("Interrupted", "Interrupted while uploading to OneLake", null, 0, true, null, e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void uploadOne(DataLakeFileSystemClient fileSystem, String path, UploadFile file, ParallelTransferOptions options) {
        DataLakeFileClient client = fileSystem.getFileClient(path);
        try {
            if (file.source() != null) {
                client.uploadFromFileWithResponse(file.source().toString(), options, null, null, null, null, Context.NONE);
            } else {
                try (InputStream in = file.stream().get()) {
                    client.uploadWithResponse(new FileParallelUploadOptions(in, file.length()).setParallelTransferOptions(options),
                            null, Context.NONE);
                }
            }
        } catch (DataLakeStorageException e) {
            throw storageFailure("upload " + path, e);
        } catch (java.io.IOException e) {
            throw new FabricException(ClientErrorCodes.ONELAKE_FAILED, "Cannot read upload source for " + path + ": " + e.getMessage(),
                    null, 0, false, null, e);
        }
    }

    /** Paths under {@code directory} (relative to the workspace). */
    public List<OneLakeEntry> list(String workspace, String directory, boolean recursive) {
        try {
            List<OneLakeEntry> entries = new ArrayList<>();
            for (PathItem item : service.getFileSystemClient(workspace)
                    .listPaths(new ListPathsOptions().setPath(directory).setRecursive(recursive), null)) {
                entries.add(new OneLakeEntry(item.getName(), item.isDirectory(), item.getContentLength()));
            }
            return entries;
        } catch (DataLakeStorageException e) {
            throw storageFailure("list " + directory, e);
        }
    }

    /** Deletes a file; false if it did not exist. */
    public boolean deleteFile(String workspace, String path) {
        try {
            return service.getFileSystemClient(workspace).getFileClient(path).deleteIfExists();
        } catch (DataLakeStorageException e) {
            throw storageFailure("delete " + path, e);
        }
    }

    /** Deletes a directory and everything under it; false if it did not exist. */
    public boolean deleteDirectory(String workspace, String path) {
        try {
            return Boolean.TRUE.equals(service.getFileSystemClient(workspace).getDirectoryClient(path)
                    .deleteIfExistsWithResponse(new DataLakePathDeleteOptions().setIsRecursive(true), null, Context.NONE)
                    .getValue());
        } catch (DataLakeStorageException e) {
            throw storageFailure("delete " + path, e);
        }
    }

    private static FabricException storageFailure(String what, DataLakeStorageException e) {
        String code = e.getErrorCode() == null ? ClientErrorCodes.ONELAKE_FAILED : e.getErrorCode();
        String requestId = e.getResponse() == null ? null : e.getResponse().getHeaders().getValue("x-ms-request-id");
        boolean retriable = e.getStatusCode() >= 500 || e.getStatusCode() == 429;
        String message = e.getServiceMessage() == null ? "status " + e.getStatusCode() : firstLine(e.getServiceMessage());
        return new FabricException(code, "OneLake " + what + " failed: " + message, requestId, e.getStatusCode(), retriable, null, e);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String join(String directory, String name) {
        if (directory == null || directory.isBlank()) {
            return name;
        }
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }
}
