package io.weft.tracker.service;

import io.weft.tracker.model.Lifecycle;
import io.weft.tracker.model.Outcome;
import io.weft.support.security.WorkspaceScopes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Which jobs a list or a stream shows; every part is optional. */
/**
 * @param requestedBy who asked for the jobs: the requester's object id, or its name (case-insensitive)
 * @param reach       the caller's workspace scope: jobs elsewhere are left out (weft.security.workspace-scopes)
 */
public record JobFilter(Set<Lifecycle> lifecycle, Set<Outcome> outcome, String kind, String workspace,
        Instant createdAfter, Instant createdBefore, Instant updatedAfter, Instant updatedBefore, String jobId,
        String requestedBy, WorkspaceScopes.Access reach) {

    public static JobFilter none() {
        return new JobFilter(Set.of(), Set.of(), null, null, null, null, null, null, null, null, WorkspaceScopes.Access.EVERYWHERE);
    }

    public static JobFilter job(String jobId) {
        return job(jobId, WorkspaceScopes.Access.EVERYWHERE);
    }

    /** One job, if it is in the caller's reach. */
    public static JobFilter job(String jobId, WorkspaceScopes.Access reach) {
        return new JobFilter(Set.of(), Set.of(), null, null, null, null, null, null, jobId, null, reach);
    }

    /** The same filter within a caller's reach. */
    public JobFilter within(WorkspaceScopes.Access access) {
        return new JobFilter(lifecycle, outcome, kind, workspace, createdAfter, createdBefore, updatedAfter, updatedBefore, jobId,
                requestedBy, access);
    }

    /** SQL conditions over table alias {@code j}, joined with AND, and their parameters appended to params. */
    String where(List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (lifecycle != null && !lifecycle.isEmpty()) {
            conditions.add("j.lifecycle = ANY (?)");
            params.add(lifecycle.stream().map(Enum::name).toArray(String[]::new));
        }
        if (outcome != null && !outcome.isEmpty()) {
            conditions.add("j.outcome = ANY (?)");
            params.add(outcome.stream().map(Enum::name).toArray(String[]::new));
        }
        condition(conditions, params, "j.kind = ?", kind);
        condition(conditions, params, "j.workspace = ?", workspace);
        condition(conditions, params, "j.job_id = ?", jobId);
        if (requestedBy != null && !requestedBy.isBlank()) {
            // the expressions of the job_requested_by_* indexes (V5)
            conditions.add("(j.request -> 'requestedBy' ->> 'id' = ? OR lower(j.request -> 'requestedBy' ->> 'name') = lower(?))");
            params.add(requestedBy);
            params.add(requestedBy);
        }
        if (reach != null && !reach.everywhere()) {
            // A job's scope key: its workspace column (the command's workspace or environment:<name>), or for a
            // promotion pipeline:<name> (its workspace column shows "pipeline: source → target").
            String[] targets = reach.targets().toArray(String[]::new);
            conditions.add("(lower(j.workspace) = ANY (?) OR (j.request ->> 'pipeline' IS NOT NULL"
                    + " AND lower('pipeline:' || (j.request ->> 'pipeline')) = ANY (?)))");
            params.add(targets);
            params.add(targets);
        }
        condition(conditions, params, "j.created_at >= ?", createdAfter);
        condition(conditions, params, "j.created_at < ?", createdBefore);
        condition(conditions, params, "j.updated_at >= ?", updatedAfter);
        condition(conditions, params, "j.updated_at < ?", updatedBefore);
        return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
    }

    private static void condition(List<String> conditions, List<Object> params, String sql, Object value) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            conditions.add(sql);
            params.add(value);
        }
    }
}
