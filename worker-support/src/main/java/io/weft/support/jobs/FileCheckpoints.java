package io.weft.support.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The durable record of what a job started in Fabric or Power BI (a job instance URL, a refresh id): written
 * atomically right after the service accepted the work and before the first poll, read when a command is
 * redelivered, so the job re-attaches to what it started instead of starting it twice. One small JSON file per job
 * in a directory; records are kept after the job ends (a command redelivered after its terminal event, when the
 * worker died before the acknowledgement, must still find its work). The directory must survive worker restarts
 * and, with several instances, be shared by them (a mounted volume).
 *
 * @param <T> the record kept per job (a Jackson-readable record)
 */
public class FileCheckpoints<T> {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Path directory;
    private final Class<T> type;

    /** @param directory where the files go; the system temporary directory's {@code defaultName} when null */
    protected FileCheckpoints(Path directory, String defaultName, Class<T> type) {
        this.directory = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"), defaultName);
        this.type = type;
    }

    public Optional<T> find(String jobId) {
        Path file = file(jobId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("The checkpoint of job " + jobId + " cannot be read", e);
        }
    }

    public void record(String jobId, T checkpoint) {
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, ".checkpoint-", ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(checkpoint));
            Files.move(temp, file(jobId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("The checkpoint of job " + jobId + " cannot be written to " + directory, e);
        }
    }

    /** Job ids are free text within the contract's pattern; the file name is their hex form, never a path. */
    private Path file(String jobId) {
        return directory.resolve(HexFormat.of().formatHex(jobId.getBytes(StandardCharsets.UTF_8)) + ".json");
    }
}
