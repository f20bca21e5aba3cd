package io.weft.gateway.service;

/**
 * The body of a {@code 202 Accepted}.
 *
 * @param jobId     the job's id (a random UUID), also the commands' CloudEvent subject
 * @param kind      {@code graph-scenario} or {@code semantic-model}
 * @param status    always {@code QUEUED}: the command is on Kafka, no worker has reported yet
 * @param statusUrl the job's status in the tracker, also the {@code Location} header
 * @param workspace the target workspace, as given
 * @param manifest  what the gateway found in the request: a scenario's tables, a definition's files
 */
public record AcceptedJob(String jobId, String kind, String status, String statusUrl, String workspace, Object manifest) {

    public static final String QUEUED = "QUEUED";
}
