package io.weft.tracker.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Tells live streams, in this process, that jobs changed: right after a batch commits. Streams read what
 * changed from the database themselves (after their last change sequence), so a missed or coalesced signal
 * never loses a change.
 */
@ApplicationScoped
public class JobChangeNotifier {

    private final BroadcastProcessor<Long> signals = BroadcastProcessor.create();

    /** Emits the highest change sequence of each committed batch that changed something. */
    public Multi<Long> signals() {
        return signals;
    }

    synchronized void committed(List<JobChange> changes) {
        if (!changes.isEmpty()) {
            signals.onNext(changes.get(changes.size() - 1).changeSeq());
        }
    }
}
