package io.weft.fabric.client;

import io.weft.fabric.client.config.FabricSettings;
import io.weft.fabric.client.onelake.OneLakeEntry;
import io.weft.fabric.client.onelake.UploadFile;
import io.weft.fabric.client.onelake.UploadProgress;
import io.weft.fabric.emulator.FabricEmulator;
import io.weft.testsupport.fabric.FabricEmulatorExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB file through the client while this JVM (client and in-process emulator together) has a 256 MiB heap:
 * surefire runs this class alone in its own execution ({@code large-upload}) with {@code -Xmx256m}.
 */
@Tag("large-upload")
@ExtendWith(FabricEmulatorExtension.class)
class LargeUploadTest {

    private static final long ONE_GIB = 1024L * 1024 * 1024;

    @Test
    void uploadsOneGibibyteWithBoundedHeap(FabricEmulator emulator, @TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(ONE_GIB); // sparse: no disk or heap spent producing it
            file.seek(ONE_GIB - 8);
            file.writeLong(0x5745465446414252L);
        }
        emulator.admin().reset();
        String workspaceId = emulator.admin().createWorkspace("Big WS");
        String lakehouseId = emulator.admin().createLakehouse(workspaceId, "Big", false);
        FabricSettings settings = EmulatorSettings.of(emulator)
                .withUpload(new FabricSettings.Upload(2, 4, 8L * 1024 * 1024));
        FabricClient client = FabricClient.create(settings);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        AtomicLong lastBytes = new AtomicLong();
        // Samples the heap every 20 ms while the upload runs, to find its peak.
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heap-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 20, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        try {
            client.oneLake().upload(workspaceId, lakehouseId + "/Files/big", List.of(UploadFile.fromPath("big.bin", big)),
                    (UploadProgress p) -> lastBytes.set(p.bytesDone()));
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf("1 GiB upload: %.1f s (%.0f MiB/s), peak heap used %d MiB of max %d MiB%n", seconds,
                ONE_GIB / 1048576.0 / seconds, peak.get() / 1048576, maxHeap / 1048576);

        assertThat(lastBytes.get()).isEqualTo(ONE_GIB);
        assertThat(client.oneLake().list(workspaceId, lakehouseId + "/Files/big", false)).extracting(OneLakeEntry::size)
                .containsExactly(ONE_GIB);
        assertThat(maxHeap).as("run with -Xmx256m").isLessThanOrEqualTo(300L * 1024 * 1024);
        assertThat(peak.get()).isLessThan(maxHeap);
    }
}
