package io.weft.tracker.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the API and the dashboard show it.
 *
 * @param changeSeq the job's latest change sequence (the SSE event id that carried this state)
 * @param steps     the job's steps in order; absent in lists
 */
public record JobView(String id, String kind, String workspace, Lifecycle lifecycle, Outcome outcome, Long attempt,
        String currentStep, int progressPercent, Map<String, Object> request, Map<String, Object> result,
        ErrorInfo error, String failedStep, CancelRequest cancelRequest, Instant createdAt, Instant startedAt,
        Instant finishedAt, Instant updatedAt, long changeSeq, List<StepStatus> steps) {

    public JobView withSteps(List<StepStatus> stepList) {
        return new JobView(id, kind, workspace, lifecycle, outcome, attempt, currentStep, progressPercent, request,
                result, error, failedStep, cancelRequest, createdAt, startedAt, finishedAt, updatedAt, changeSeq,
                stepList);
    }
}
