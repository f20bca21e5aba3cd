package io.weft.deployer.definition;

/**
 * Bounds on what one definition may hold, so that a hostile or mistaken archive cannot exhaust the worker.
 *
 * @param maxParts      most files a definition may have
 * @param maxTotalBytes most decoded bytes all files together may have
 */
public record PackagingLimits(int maxParts, long maxTotalBytes) {

    public static final PackagingLimits DEFAULT = new PackagingLimits(2_000, 256L * 1024 * 1024);
}
