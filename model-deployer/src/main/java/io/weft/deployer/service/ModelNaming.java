package io.weft.deployer.service;

import io.weft.contracts.command.DeploySemanticModel;
import io.weft.contracts.command.DeploymentMode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The display name a deployment gives its model. Prod: the base name. Dev: the base name with a UTC
 * timestamp, {@code <name>_<yyyyMMdd'T'HHmmss'Z'>}, so iterations never collide.
 *
 * <p>The timestamp is the command's {@code requestedAt}, not the time the worker happens to run it: a
 * redelivered command (the worker died mid-job, a rebalance, a duplicate publish) must arrive at the same name,
 * or one request would leave two models behind. The clock serves only commands built without
 * {@code requestedAt} (the contract requires it, so only in code that bypasses the schema).
 */
public final class ModelNaming {

    /** The dev suffix format, in UTC. */
    public static final DateTimeFormatter DEV_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public ModelNaming(Clock clock) {
        this.clock = clock;
    }

    public String finalName(DeploySemanticModel command) {
        if (command.mode() != DeploymentMode.DEV) {
            return command.modelName();
        }
        Instant at = command.requestedAt() != null ? command.requestedAt() : clock.instant();
        return command.modelName() + "_" + DEV_SUFFIX.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
