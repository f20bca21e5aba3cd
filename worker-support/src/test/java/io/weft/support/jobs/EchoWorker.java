package io.weft.support.jobs;

import io.smallrye.common.annotation.Blocking;
import io.weft.contracts.command.ProvisionGraphScenario;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** A worker with two trivial steps; a scenario named "reject-me" is rejected as a poison command. */
@ApplicationScoped
public class EchoWorker implements JobHandler<ProvisionGraphScenario> {

    static final String CHANNEL = "provision-commands";

    @Inject
    JobRunner runner;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        return runner.submit(message, ProvisionGraphScenario.class, this);
    }

    @Override
    public String kind() {
        return "graph-scenario";
    }

    @Override
    public List<String> steps(ProvisionGraphScenario command) {
        return List.of("first", "second");
    }

    @Override
    public Map<String, Object> run(ProvisionGraphScenario command, JobContext context) throws Exception {
        if (command.scenarioName().equals("reject-me")) {
            throw new CommandRejectedException("StagedArchiveMissing", "no staged archive at " + command.archive().uri());
        }
        context.step("first", progress -> {
            progress.report(1, 1, "files", null, null);
            return Map.of("files", 1);
        });
        context.step("second", progress -> Map.of());
        return Map.of("scenario", command.scenarioName());
    }
}
