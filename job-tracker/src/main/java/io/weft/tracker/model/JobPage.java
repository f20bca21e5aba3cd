package io.weft.tracker.model;

import java.util.List;

/**
 * One page of a job list.
 *
 * @param nextCursor pass as {@code cursor} for the next page; absent on the last page
 */
public record JobPage(List<JobView> items, String nextCursor) {
}
