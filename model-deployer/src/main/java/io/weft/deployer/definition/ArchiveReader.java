package io.weft.deployer.definition;

import io.weft.archive.ArchiveLimits;
import io.weft.archive.ArchiveRefusedException;
import io.weft.archive.ArchiveRules;
import io.weft.archive.ArchiveWalker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a staged archive of a model folder into definition files, walking it under archive-support's rules
 * (format from the content; links, devices, bad names, bombs refused; sizes counted while decompressing) with
 * the definition's own limits: at most {@link PackagingLimits#maxParts()} files and
 * {@link PackagingLimits#maxTotalBytes()} bytes. A single top-level folder, as in
 * {@code Sales.SemanticModel/definition.pbism}, is removed.
 */
public final class ArchiveReader {

    private static final Set<String> ROOT_MARKERS = Set.of("definition.pbism", "model.bim");

    private ArchiveReader() {
    }

    /**
     * @throws ArchiveRefusedException    when the archive breaks a rule or a limit
     * @throws InvalidDefinitionException when it holds no files
     */
    public static List<DefinitionFile> read(Path archive, String displayName, PackagingLimits limits) throws IOException {
        ArchiveWalker walker = new ArchiveWalker(ArchiveLimits.DEFAULTS.withMaxTotalBytes(limits.maxTotalBytes()));
        List<DefinitionFile> files = new ArrayList<>();
        walker.walk(archive, (path, content) -> {
            if (files.size() == limits.maxParts()) {
                throw new ArchiveRefusedException(path, ArchiveRules.ENTRY_COUNT,
                        "the archive holds more than " + limits.maxParts() + " files");
            }
            files.add(new DefinitionFile(path, content.readAllBytes()));
        }).requireNoProblems();
        if (files.isEmpty()) {
            throw new InvalidDefinitionException("the archive " + displayName + " holds no files");
        }
        return withoutTopFolder(files);
    }

    /** Drops a folder that every file is in, unless the files already sit at the model folder's root. */
    static List<DefinitionFile> withoutTopFolder(List<DefinitionFile> files) {
        if (files.stream().anyMatch(f -> ROOT_MARKERS.contains(f.path()))) {
            return files;
        }
        Set<String> tops = files.stream()
                .map(f -> f.path().contains("/") ? f.path().substring(0, f.path().indexOf('/')) : "")
                .collect(Collectors.toSet());
        if (tops.size() != 1 || tops.contains("")) {
            return files;
        }
        int cut = tops.iterator().next().length() + 1;
        return files.stream().map(f -> new DefinitionFile(f.path().substring(cut), f.content())).toList();
    }
}
