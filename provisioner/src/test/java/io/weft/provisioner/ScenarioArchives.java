package io.weft.provisioner;

import io.weft.contracts.command.ScenarioManifest;
import io.weft.contracts.command.TableManifest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds real scenario archives (tar.gz, tar, zip) for tests, and the manifest the gateway would send. */
public final class ScenarioArchives {

    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, String> symlinks = new LinkedHashMap<>();

    public static ScenarioArchives create() {
        return new ScenarioArchives();
    }

    /** The retail sample: customers, products, orders (referring to both) and order lines. */
    public static ScenarioArchives retail() {
        return create()
                .file("entities/customers.csv", """
                        id,name,city,vip
                        1,Ada,London,true
                        2,Grace,New York,false
                        3,Linus,Helsinki,false
                        """)
                .file("entities/products.csv", """
                        sku,title,price
                        P-1,Widget,9.99
                        P-2,Gadget,19.5
                        """)
                .file("entities/orders.csv", """
                        id,customer_id,product_id,ordered_at,total
                        100,1,P-1,2026-11-01T10:00:00Z,9.99
                        101,2,P-2,2026-11-02T11:30:00Z,19.5
                        102,1,P-2,2026-11-03T09:15:00Z,39
                        103,3,P-1,2026-11-04T16:45:00Z,9.99
                        """)
                .file("entities/order_lines.csv", """
                        id,orders_id,quantity
                        1,100,1
                        2,101,1
                        3,102,2
                        4,103,1
                        5,103,3
                        """)
                .file("README.md", "not a table");
    }

    public ScenarioArchives file(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public ScenarioArchives symlink(String path, String target) {
        symlinks.put(path, target);
        return this;
    }

    /** The manifest of every {@code entities/*.csv} file, as the gateway builds it. */
    public ScenarioManifest manifest() {
        List<TableManifest> tables = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            if (!path.matches("^(?:[^/]+/)?entities/[^/]+\\.csv$")) {
                continue;
            }
            String name = path.substring(path.lastIndexOf('/') + 1, path.length() - 4).toLowerCase().replaceAll("[^a-z0-9_]", "_");
            String header = new String(file.getValue(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            tables.add(new TableManifest(name, path, Arrays.asList(header.split(",")), file.getValue().length));
            total += file.getValue().length;
        }
        return new ScenarioManifest(tables, total);
    }

    public Path writeTarGz(Path file) throws IOException {
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
            writeTar(out);
        }
        return file;
    }

    public Path writeTar(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeTar(out);
        }
        return file;
    }

    private void writeTar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
            entry.setSize(file.getValue().length);
            tar.putArchiveEntry(entry);
            tar.write(file.getValue());
            tar.closeArchiveEntry();
        }
        for (Map.Entry<String, String> link : symlinks.entrySet()) {
            TarArchiveEntry entry = new TarArchiveEntry(link.getKey(), TarArchiveEntry.LF_SYMLINK, true);
            entry.setLinkName(link.getValue());
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    public Path writeZip(Path file) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
        }
        return file;
    }
}
