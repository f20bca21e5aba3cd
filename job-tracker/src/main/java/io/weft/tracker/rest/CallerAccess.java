package io.weft.tracker.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.weft.contracts.command.Requester;
import io.weft.support.security.Caller;
import io.weft.support.security.OutOfScopeException;
import io.weft.support.security.WorkspaceScopes;
import io.weft.tracker.service.JobQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The calling principal's workspace reach (service-support's {@link WorkspaceScopes}), for every job operation. */
@ApplicationScoped
public class CallerAccess {

    private final Instance<SecurityIdentity> identity;
    private final WorkspaceScopes scopes;
    private final JobQueries queries;

    public CallerAccess(Instance<SecurityIdentity> identity, WorkspaceScopes scopes, JobQueries queries) {
        this.identity = identity;
        this.scopes = scopes;
        this.queries = queries;
    }

    /** Where the current caller may look. */
    public WorkspaceScopes.Access current() {
        return scopes.of(caller());
    }

    /** Who is calling, as a cancel records it; null without a token. */
    public Requester requester() {
        Caller caller = caller();
        return caller == null ? null : caller.requester();
    }

    private Caller caller() {
        SecurityIdentity caller = identity.get();
        if (caller == null || caller.isAnonymous() || !(caller.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        return Caller.fromClaims(token::getClaim, caller.getRoles());
    }

    /**
     * Refuses a job outside the caller's reach (403); call after the job is known to exist, so that an unknown id
     * is still 404.
     */
    public void requireReach(String jobId) {
        WorkspaceScopes.Access access = current();
        if (!access.everywhere() && !queries.reachable(jobId, access)) {
            throw new OutOfScopeException("the workspace of job " + jobId);
        }
    }
}
