package io.weft.tracker.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the API and the dashboard show it. Lists carry a summary of the request; the job itself (and its
 * stream) also carries the request, with definition payloads elided unless asked for.
 *
 * @param attempt             the number of the latest attempt (1, 2, 3...); absent before the first event
 * @param attempts            every attempt with its start, in order
 * @param requestSummary      the request's identifying fields and sizes (names, archive name and size, number
 *                            of definition parts and their bytes), never payloads
 * @param request             the command that started the job, secrets removed; absent in lists
 * @param lastEventAt         when the job's latest command or event happened
 * @param stalled             whether a job that has not completed has been silent longer than its kind allows
 * @param silentForSeconds    for a job that has not completed: seconds since {@code lastEventAt}, as of the answer
 * @param stalledAfterSeconds for a job that has not completed: the silence after which it counts as stalled
 * @param changeSeq           the job's latest change sequence (the SSE event id that carried this state)
 * @param steps               the job's steps in order; absent in lists
 * @param resources           what the job created in Fabric and what its rollback removed, from its steps'
 *                            outputs; absent in lists and for jobs that report none
 */
public record JobView(String id, String kind, String workspace, Lifecycle lifecycle, Outcome outcome,
        Integer attempt, List<Attempt> attempts, String currentStep, int progressPercent,
        Map<String, Object> requestSummary,
        @Schema(description = "The command that started the job, secrets removed; absent in lists. Definition "
                + "parts carry payloadBytes instead of their base64 payload unless include=definition is asked for.")
        Map<String, Object> request,
        Map<String, Object> result, ErrorInfo error, String failedStep, CancelRequest cancelRequest,
        Instant createdAt, Instant startedAt, Instant finishedAt, Instant updatedAt, Instant lastEventAt,
        boolean stalled, Long silentForSeconds, Long stalledAfterSeconds, long changeSeq, List<StepStatus> steps,
        JobResources resources) {

    public JobView withSteps(List<StepStatus> stepList) {
        return new JobView(id, kind, workspace, lifecycle, outcome, attempt, attempts, currentStep, progressPercent,
                requestSummary, request, result, error, failedStep, cancelRequest, createdAt, startedAt, finishedAt,
                updatedAt, lastEventAt, stalled, silentForSeconds, stalledAfterSeconds, changeSeq, stepList,
                JobResources.of(stepList));
    }
}
