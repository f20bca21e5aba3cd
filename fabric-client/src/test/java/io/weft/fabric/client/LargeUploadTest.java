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
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB file through the client while this JVM (client and in-process emulator together) has a 256 MiB heap:
 * surefire runs this class alone in its own execution ({@code large-upload}) with {@code -Xmx256m}.
 */
@Tag("large-upload")
@ExtendWith(FabricEmulatorExtension.class)
class LargeUploadTest {

    private static final long ONE_GIB = 1024L * 1024 * 1024;
    /** Written into the last 8 bytes of the otherwise sparse file, and read back from the emulator's copy. */
    private static final long MARKER = 0x5745465446414252L;

    @Test
    void uploadsOneGibibyteWithBoundedHeap(FabricEmulator emulator, @TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(ONE_GIB); // sparse: no disk or heap spent producing it
            file.seek(ONE_GIB - 8);
            file.writeLong(MARKER);
        }
        emulator.admin().reset();
        String workspaceId = emulator.admin().createWorkspace("Big WS");
        String lakehouseId = emulator.admin().createLakehouse(workspaceId, "Big", false);
        FabricSettings settings = EmulatorSettings.of(emulator)
                .withUpload(new FabricSettings.Upload(2, 4, 8L * 1024 * 1024));
        FabricClient client = FabricClient.create(settings);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baselineLive = liveHeap();
        long collectionsBefore = collections();
        AtomicLong peak = new AtomicLong();
        AtomicLong peakLive = new AtomicLong(baselineLive);
        AtomicLong lastBytes = new AtomicLong();
        // Samples the heap every 20 ms while the upload runs, to find its peak.
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heap-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> {
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            peakLive.accumulateAndGet(liveHeap(), Math::max);
        }, 0, 20, TimeUnit.MILLISECONDS);
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
        long collectionsDuring = collections() - collectionsBefore;
        long liveGrowth = peakLive.get() - baselineLive;
        System.out.printf("1 GiB upload: %.1f s (%.0f MiB/s), peak heap used %d MiB of max %d MiB; heap after collections"
                        + " grew at most %d MiB over %d MiB, %d collections%n", seconds, ONE_GIB / 1048576.0 / seconds,
                peak.get() / 1048576, maxHeap / 1048576, liveGrowth / 1048576, baselineLive / 1048576, collectionsDuring);

        assertThat(lastBytes.get()).isEqualTo(ONE_GIB);
        assertThat(client.oneLake().list(workspaceId, lakehouseId + "/Files/big", false)).extracting(OneLakeEntry::size)
                .containsExactly(ONE_GIB);
        assertThat(maxHeap).as("run with -Xmx256m").isLessThanOrEqualTo(300L * 1024 * 1024);
        // What stays in the heap after the collections during the upload (not the garbage between them) grew by
        // less than an eighth of the file: the upload streams, whatever the heap limit. With -Xmx256m this bound
        // (128 MiB) is below what the JVM would allow, so a client that buffered the file would fail it.
        assertThat(collectionsDuring).as("collections during the upload, without which the bound says nothing").isPositive();
        assertThat(liveGrowth).as("heap growth after collections, bytes").isLessThan(ONE_GIB / 8);
        // The bytes arrived as written: the marker at the end of the file reads back from the emulator's store.
        try (Stream<Path> stored = Files.walk(emulator.dataDirectory())) {
            Path copy = stored.filter(p -> p.getFileName().toString().equals("big.bin") && !p.equals(big)).findFirst()
                    .orElseThrow(() -> new AssertionError("big.bin not in the emulator's store"));
            try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "r")) {
                assertThat(file.length()).isEqualTo(ONE_GIB);
                file.seek(ONE_GIB - 8);
                assertThat(file.readLong()).isEqualTo(MARKER);
            }
        }
    }

    /** The heap in use after the latest collection of each heap pool: what survived, not garbage awaiting collection. */
    private static long liveHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(n -> n > 0).sum();
    }
}
