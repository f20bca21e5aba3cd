package io.weft.gateway.service;

import io.opentelemetry.api.trace.Span;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.command.Requester;
import io.weft.contracts.command.StagedArchive;
import io.weft.contracts.command.WorkspaceCommand;
import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.idempotency.IdempotencyRecord;
import io.weft.gateway.idempotency.IdempotencyStore;
import io.weft.support.security.Caller;
import io.weft.support.security.OutOfScopeException;
import io.weft.support.security.WorkspaceScopes;
import io.weft.support.staging.StagingStore;
import io.weft.support.tracing.TraceAttributes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The part every accepted request shares: stage the bytes (claim check), publish the command once per
 * idempotency key, answer with the job; and on any failure or replay, leave nothing staged.
 */
@ApplicationScoped
public class JobAcceptance {

    private static final Logger LOG = Logger.getLogger(JobAcceptance.class);

    private final StagingStore staging;
    private final CommandPublisher publisher;
    private final IdempotencyStore idempotency;
    private final GatewayConfig config;
    private final CallerIdentity caller;
    private final WorkspaceScopes scopes;
    private final Clock clock = Clock.systemUTC();

    public JobAcceptance(StagingStore staging, CommandPublisher publisher, IdempotencyStore idempotency,
            GatewayConfig config, CallerIdentity caller, WorkspaceScopes scopes) {
        this.caller = caller;
        this.scopes = scopes;
        this.staging = staging;
        this.publisher = publisher;
        this.idempotency = idempotency;
        this.config = config;
    }

    /** Builds the command for a new job: its id, acceptance time and requester are given. */
    public interface CommandFactory {
        WorkspaceCommand create(String jobId, Instant requestedAt, Requester requestedBy);
    }

    /**
     * Stages {@code file} (hashing it on the way), then accepts the job built from the claim check.
     *
     * @param fingerprint everything about the request except its content, which the staged hash stands for
     */
    public IdempotencyStore.Outcome acceptStaged(Path file, String fileName, Optional<String> idempotencyKey,
            String fingerprint, String kind, Object manifest, Function<StagedArchive, CommandFactory> command) {
        StagedArchive staged;
        try (InputStream in = Files.newInputStream(file)) {
            staged = staging.stage(in, fileName);
        } catch (IOException e) {
            throw new StagingUnavailableException("the upload could not be staged: " + e.getMessage(), e);
        }
        return acceptStaged(staged, idempotencyKey, fingerprint, kind, manifest, command);
    }

    /**
     * Accepts the job built from an object already staged (by {@link OnePassStaging}, while it was inspected): from
     * here it is this method's, kept when a new job is accepted and removed otherwise (a failure, a replay).
     *
     * @param fingerprint everything about the request except its content, which the staged hash stands for
     */
    public IdempotencyStore.Outcome acceptStaged(StagedArchive staged, Optional<String> idempotencyKey, String fingerprint,
            String kind, Object manifest, Function<StagedArchive, CommandFactory> command) {
        boolean keep = false;
        try {
            IdempotencyStore.Outcome outcome = accept(idempotencyKey, Fingerprint.of(fingerprint, staged.sha256()),
                    kind, manifest, command.apply(staged));
            keep = !outcome.replayed();
            return outcome;
        } finally {
            if (!keep) {
                discard(staged);
            }
        }
    }

    /** Accepts a job whose command carries everything inline. */
    public IdempotencyStore.Outcome accept(Optional<String> idempotencyKey, String fingerprint, String kind,
            Object manifest, CommandFactory command) {
        Caller who = caller.current().orElse(null);
        Requester requester = who == null ? null : who.requester();
        WorkspaceScopes.Access reach = scopes.of(who);
        // Keys are per caller (as payment APIs scope them per account): another principal's same key is another key,
        // so it can neither replay nor learn of this caller's job.
        Optional<String> callersKey = idempotencyKey.map(key -> (requester == null ? "anonymous" : requester.id()) + " " + key);
        return idempotency.execute(callersKey, fingerprint, () -> {
            String jobId = UUID.randomUUID().toString();
            // The request's span carries the job id: the trace backend finds the upload's trace by it.
            Span.current().setAttribute(TraceAttributes.JOB_ID, jobId).setAttribute(TraceAttributes.JOB_KIND, kind);
            WorkspaceCommand built = command.create(jobId, Instant.now(clock), requester);
            if (!reach.allows(built.partitionKey())) {
                // nothing is published nor remembered for the key; a staged archive is removed by acceptStaged
                throw new OutOfScopeException(built.partitionKey());
            }
            requireContract(built);
            publisher.publish(built);
            String location = statusUrl(jobId);
            AcceptedJob body = new AcceptedJob(jobId, kind, AcceptedJob.QUEUED, location, built.workspace(), manifest);
            return new IdempotencyRecord(fingerprint, jobId, location,
                    ContractCodec.get().mapper().valueToTree(body), Instant.now(clock));
        });
    }

    private String statusUrl(String jobId) {
        String base = config.publicTrackerUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/jobs/" + jobId;
    }

    /** A command that breaks its own schema is a gateway bug: never publish it. */
    private static void requireContract(WorkspaceCommand command) {
        ContractCodec codec = ContractCodec.get();
        List<String> violations = codec.violations(MessageType.of(command), codec.mapper().valueToTree(command));
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the gateway built a command that breaks its contract: " + violations);
        }
    }

    /** Removes a staged object no job will use (logged, not thrown, when the store fails: the request's outcome stands). */
    void discard(StagedArchive staged) {
        try {
            staging.delete(staged);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "Could not remove staged object %s of a request that was not accepted", staged.uri());
        }
    }
}
