package io.weft.provisioner.service;

import java.util.List;

/** The steps of an item-job run, in order: the names that appear in job events. */
public final class ItemJobSteps {

    public static final String RESOLVE_ITEM = "resolve-item";
    public static final String START_RUN = "start-run";
    public static final String AWAIT_RUN = "await-run";

    public static final List<String> ALL = List.of(RESOLVE_ITEM, START_RUN, AWAIT_RUN);

    private ItemJobSteps() {
    }
}
