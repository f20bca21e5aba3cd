package io.weft.gateway.archive;

import java.util.List;
import java.util.Map;

/**
 * What scanning an archive found.
 *
 * @param files     the regular files that passed the entry rules, by normalised path, with their uncompressed size
 * @param problems  the entry rules broken; a limit breach ends the scan, so later entries are not listed
 */
public record ArchiveScan(Map<String, Long> files, List<Problem> problems) {
}
