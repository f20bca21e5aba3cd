package io.weft.provisioner.service.workspace;

import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.support.jobs.FileCheckpoints;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The durable side of {@link CreatedResources} (worker-support's {@link FileCheckpoints}): one file per workspace
 * job in {@code weft.provisioner.workspace.checkpoint-directory}, rewritten whole at each change. Kept after the
 * job: a command redelivered after its terminal event finds what is still the job's (a rollback takes what it
 * undid off).
 */
@Singleton
public class CreatedResourceRecords extends FileCheckpoints<CreatedResourceRecords.Saved> {

    /** The file's content. */
    public record Saved(List<CreatedResource> created) {
    }

    public CreatedResourceRecords(ProvisionerConfig config) {
        super(config.workspace().checkpointDirectory().orElse(null), "weft-workspace-checkpoints", Saved.class);
    }

    /** What the job's earlier attempts recorded, oldest first; empty for a job never run. */
    public List<CreatedResource> recorded(String jobId) {
        return find(jobId).map(Saved::created).orElse(List.of());
    }

    public void save(String jobId, List<CreatedResource> created) {
        record(jobId, new Saved(created));
    }
}
