package io.weft.tracker.service;

/** A job whose projection changed, and the change sequence it took. */
public record JobChange(String jobId, long changeSeq) {
}
