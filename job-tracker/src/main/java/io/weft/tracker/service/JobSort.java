package io.weft.tracker.service;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a job list is ordered: by creation or last update, newest or oldest first; ties broken by job id. */
public enum JobSort {
    CREATED_DESC("-createdAt", "created_at", true),
    CREATED_ASC("createdAt", "created_at", false),
    UPDATED_DESC("-updatedAt", "updated_at", true),
    UPDATED_ASC("updatedAt", "updated_at", false);

    private final String parameter;
    final String column;
    final boolean descending;

    JobSort(String parameter, String column, boolean descending) {
        this.parameter = parameter;
        this.column = column;
        this.descending = descending;
    }

    /** The {@code sort} query parameter's value. */
    public String parameter() {
        return parameter;
    }

    public static JobSort ofParameter(String value) {
        if (value == null || value.isBlank()) {
            return CREATED_DESC;
        }
        return Arrays.stream(values()).filter(s -> s.parameter.equals(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("sort must be one of "
                        + Arrays.stream(values()).map(JobSort::parameter).collect(Collectors.joining(", "))
                        + ", not '" + value + "'"));
    }
}
