package io.weft.provisioner.service;

import io.weft.provisioner.config.ItemJobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RunCheckpointsTest {

    @TempDir
    Path directory;

    @Test
    void aRecordedRunIsFoundAgainByANewInstanceAndNothingElseIs() throws Exception {
        RunCheckpoints.Checkpoint checkpoint = new RunCheckpoints.Checkpoint(
                URI.create("https://api.fabric.microsoft.com/v1/workspaces/a/items/b/jobs/instances/c"), Instant.parse("2026-12-02T10:00:00Z"));

        new RunCheckpoints(config(directory)).record("job:../1", checkpoint);

        RunCheckpoints afterRestart = new RunCheckpoints(config(directory));
        assertThat(afterRestart.find("job:../1")).contains(checkpoint);
        assertThat(afterRestart.find("job:../2")).isEmpty();
        try (var files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .as("one file, named by the job id's hex form, no temporary file left").singleElement()
                    .satisfies(name -> assertThat(name).matches("[0-9a-f]+\\.json"));
        }
    }

    @Test
    void aSecondRecordReplacesTheFirst() {
        RunCheckpoints checkpoints = new RunCheckpoints(config(directory));
        checkpoints.record("j", new RunCheckpoints.Checkpoint(URI.create("https://h/1"), Instant.EPOCH));
        checkpoints.record("j", new RunCheckpoints.Checkpoint(URI.create("https://h/2"), Instant.EPOCH));

        assertThat(checkpoints.find("j")).map(RunCheckpoints.Checkpoint::location).contains(URI.create("https://h/2"));
    }

    private static ItemJobConfig config(Path directory) {
        return new ItemJobConfig() {
            public Duration defaultBudget() { return Duration.ofHours(6); }
            public Duration cancelBudget() { return Duration.ofMinutes(5); }
            public Duration pollInterval() { return Duration.ofSeconds(30); }
            public Duration minPollInterval() { return Duration.ofSeconds(1); }
            public Duration maxPollInterval() { return Duration.ofSeconds(60); }
            public Duration cancelCheckInterval() { return Duration.ofSeconds(1); }
            public Optional<Path> checkpointDirectory() { return Optional.of(directory); }
        };
    }
}
