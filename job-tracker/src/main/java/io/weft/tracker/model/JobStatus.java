package io.weft.tracker.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as folded from its command, events, dead letter and cancel requests: everything but the bookkeeping
 * the store adds ({@code updatedAt}, {@code changeSeq}).
 *
 * @param kind            e.g. {@code graph-scenario}, {@code semantic-model}
 * @param outcome         null until the job is completed
 * @param attemptKey      the workers' ordering key of the latest attempt applied (its start, epoch ms); internal
 * @param attempts        the attempts applied, numbered from 1 in the order of their keys
 * @param currentStep     the step started last
 * @param progressPercent 0 to 100, over all steps
 * @param request         the command that started the job, secrets removed
 * @param requestSummary  the request's identifying fields and sizes, without payloads (what lists show)
 * @param result          what a successful job produced
 * @param error           why the job failed
 * @param failedStep      the step the job failed in
 * @param cancelRequest   the first cancel request, if any
 * @param lastEventAt     when the latest command, event or dead letter of the job happened (what stalls are
 *                        measured from; cancel requests do not count, they say nothing of the worker)
 */
public record JobStatus(String jobId, String kind, String workspace, Lifecycle lifecycle, Outcome outcome,
        Long attemptKey, List<Attempt> attempts, String currentStep, int progressPercent, Map<String, Object> request,
        Map<String, Object> requestSummary, Map<String, Object> result, ErrorInfo error, String failedStep,
        CancelRequest cancelRequest, Instant createdAt, Instant startedAt, Instant finishedAt, Instant lastEventAt,
        List<StepStatus> steps) {
}
