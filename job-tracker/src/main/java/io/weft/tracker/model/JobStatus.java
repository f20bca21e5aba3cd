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
 * @param attempt         the latest attempt seen (its start, epoch ms)
 * @param currentStep     the step started last
 * @param progressPercent 0 to 100, over all steps
 * @param request         the command that started the job, secrets removed
 * @param result          what a successful job produced
 * @param error           why the job failed
 * @param failedStep      the step the job failed in
 * @param cancelRequest   the first cancel request, if any
 */
public record JobStatus(String jobId, String kind, String workspace, Lifecycle lifecycle, Outcome outcome, Long attempt,
        String currentStep, int progressPercent, Map<String, Object> request, Map<String, Object> result,
        ErrorInfo error, String failedStep, CancelRequest cancelRequest, Instant createdAt, Instant startedAt,
        Instant finishedAt, List<StepStatus> steps) {
}
