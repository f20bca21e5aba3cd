package io.weft.provisioner.service.workspace;

import java.util.List;

/** The steps of a workspace job, in order, and its compensating step: the names that appear in job events. */
public final class WorkspaceSteps {

    public static final String RESOLVE_WORKSPACE = "resolve-workspace";
    public static final String ASSIGN_CAPACITY = "assign-capacity";
    public static final String ASSIGN_ROLES = "assign-roles";
    public static final String CREATE_LAKEHOUSES = "create-lakehouses";
    /** Runs only when a run fails or is cancelled with the rollback policy; not announced in JobStarted. */
    public static final String ROLLBACK = "rollback";

    /** A plan's one step: reads Fabric, changes nothing. */
    public static final String PLAN_WORKSPACE = "plan-workspace";

    public static final List<String> ALL = List.of(RESOLVE_WORKSPACE, ASSIGN_CAPACITY, ASSIGN_ROLES, CREATE_LAKEHOUSES);

    private WorkspaceSteps() {
    }
}
