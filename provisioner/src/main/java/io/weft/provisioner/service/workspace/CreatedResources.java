package io.weft.provisioner.service.workspace;

import io.weft.support.jobs.JobContext.StepProgress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The record of what a workspace job created or changed, in order, kept durably ({@link CreatedResourceRecords})
 * so that a redelivered command (its worker died) starts from what the earlier attempt did and a rollback still
 * undoes it. A change whose id is known before the call (a role assignment's is its principal's id; a role update,
 * a capacity assignment) is written to the durable record <em>before</em> the call, so a worker dying during the
 * call leaves it on the record; one whose id Fabric gives (a workspace, a lakehouse) right after the call returns,
 * and before it returns to the step (those carry the job's provenance mark too, see {@link WorkspaceFabric}). Each
 * entry is also a progress event of the step under way. Only what the job changed is recorded, never what already
 * existed; the rollback reads the record newest first and takes each undone entry off it.
 */
final class CreatedResources {

    private final List<CreatedResource> resources;
    private final Consumer<List<CreatedResource>> store;
    private final int carriedOver;

    /**
     * @param earlier what earlier attempts of the job recorded (empty on a first attempt)
     * @param store   writes the whole record durably; called before each change is made (or right after it, see above)
     */
    CreatedResources(List<CreatedResource> earlier, Consumer<List<CreatedResource>> store) {
        this.resources = new ArrayList<>(earlier);
        this.store = store;
        this.carriedOver = earlier.size();
    }

    /** How many entries earlier attempts had recorded: the first of the record. */
    int carriedOver() {
        return carriedOver;
    }

    /**
     * Makes a change whose resource is known before the call: on the durable record first, then the call, then the
     * progress event. A call that fails takes its entry off the record again (nothing was changed). An entry an
     * earlier attempt recorded stays as it was (with what it restores).
     */
    <T> T change(CreatedResource resource, StepProgress progress, Supplier<T> call) {
        boolean earlier;
        synchronized (this) {
            earlier = find(resource).isPresent();
            if (!earlier) {
                resources.add(resource);
                store.accept(List.copyOf(resources));
            }
        }
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            if (!earlier) {
                forget(resource);
            }
            throw e;
        }
        if (!earlier) {
            report(resource, progress);
        }
        return result;
    }

    /** Records a resource the step has just created (or found, marked as the job's); one already recorded is not added twice. */
    void record(CreatedResource resource, StepProgress progress) {
        synchronized (this) {
            if (find(resource).isPresent()) {
                return;
            }
            resources.add(resource);
            store.accept(List.copyOf(resources));
        }
        report(resource, progress);
    }

    /** The recorded entry for the same change, e.g. one an earlier attempt made. */
    synchronized Optional<CreatedResource> find(CreatedResource resource) {
        return resources.stream().filter(resource::sameAs).findFirst();
    }

    /** Takes an undone (or never made) change off the record. */
    synchronized void forget(CreatedResource resource) {
        if (resources.removeIf(resource::sameAs)) {
            store.accept(List.copyOf(resources));
        }
    }

    private void report(CreatedResource resource, StepProgress progress) {
        progress.report(size(), 0, "resources", null, "created " + resource.describe());
    }

    synchronized List<CreatedResource> newestFirst() {
        List<CreatedResource> copy = new ArrayList<>(resources);
        Collections.reverse(copy);
        return copy;
    }

    synchronized List<Map<String, Object>> since(int index) {
        return resources.subList(Math.min(index, resources.size()), resources.size()).stream().map(CreatedResource::toMap).toList();
    }

    synchronized int size() {
        return resources.size();
    }

    synchronized List<Map<String, Object>> all() {
        return since(0);
    }

    synchronized boolean isEmpty() {
        return resources.isEmpty();
    }

    synchronized boolean contains(String kind, String id) {
        return resources.stream().anyMatch(r -> r.kind().equals(kind) && r.id().equalsIgnoreCase(id));
    }
}
