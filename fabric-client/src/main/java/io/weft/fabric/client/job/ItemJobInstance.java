package io.weft.fabric.client.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Fabric's ItemJobInstance. Times stay strings: Fabric writes them without a zone ({@code 2023-04-22T06:35:00.7812154})
 * and the notebook docs add fields ({@code exitValue}) this record ignores.
 *
 * @param status {@code NotStarted}, {@code InProgress}, {@code Completed}, {@code Failed}, {@code Cancelled},
 *               {@code Deduped}; more may be added, see {@link JobStatus#of}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ItemJobInstance(String id, String itemId, String jobType, String invokeType, String status, String rootActivityId,
        String startTimeUtc, String endTimeUtc, FailureReason failureReason) {

    public JobStatus jobStatus() {
        return JobStatus.of(status);
    }

    /** Fabric's ErrorResponse of a failed (or Deduped) instance. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FailureReason(String errorCode, String message, String requestId, RelatedResource relatedResource,
            Boolean isRetriable) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RelatedResource(String resourceId, String resourceType) {
    }
}
