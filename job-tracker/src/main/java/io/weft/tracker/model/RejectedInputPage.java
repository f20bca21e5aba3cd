package io.weft.tracker.model;

import java.util.List;

/**
 * One page of rejected inputs, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next (older) page; absent on the last page
 */
public record RejectedInputPage(List<RejectedInput> items, String nextCursor) {
}
