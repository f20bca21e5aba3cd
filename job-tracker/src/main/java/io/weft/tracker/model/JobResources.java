package io.weft.tracker.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a job created in Fabric and what its rollback removed, as its steps reported them: each step's
 * {@code output.created} (entries {@code kind}, {@code id}, {@code name}), and the {@code rollback} step's
 * {@code output.undone}. Absent for jobs whose steps report neither.
 *
 * @param created    what the job created or changed, oldest first
 * @param rolledBack what its rollback undid, newest first (the order it undid them in)
 */
public record JobResources(List<Map<String, Object>> created, List<Map<String, Object>> rolledBack) {

    /** The step whose output lists what a rollback undid. */
    public static final String ROLLBACK_STEP = "rollback";

    /** The resources the steps report, or null when they report none. */
    public static JobResources of(List<StepStatus> steps) {
        if (steps == null) {
            return null;
        }
        List<Map<String, Object>> created = new ArrayList<>();
        List<Map<String, Object>> rolledBack = new ArrayList<>();
        for (StepStatus step : steps) {
            if (step.output() == null) {
                continue;
            }
            if (ROLLBACK_STEP.equals(step.name())) {
                addAll(rolledBack, step.output().get("undone"));
            } else {
                addAll(created, step.output().get("created"));
            }
        }
        return created.isEmpty() && rolledBack.isEmpty() ? null : new JobResources(List.copyOf(created), List.copyOf(rolledBack));
    }

    @SuppressWarnings("unchecked")
    private static void addAll(List<Map<String, Object>> into, Object list) {
        if (list instanceof List<?> entries) {
            entries.stream().filter(Map.class::isInstance).forEach(e -> into.add((Map<String, Object>) e));
        }
    }
}
