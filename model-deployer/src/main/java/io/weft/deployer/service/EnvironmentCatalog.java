package io.weft.deployer.service;

import io.quarkus.runtime.Startup;
import io.weft.contracts.environments.Environment;
import io.weft.contracts.environments.Environments;
import io.weft.contracts.environments.EnvironmentsParser;
import io.weft.deployer.config.DeployerConfig;
import io.weft.support.jobs.JobFailureException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * The environments file ({@code weft.deployer.environments.file}), read and validated once at start-up: created
 * eagerly ({@link Startup}), ahead of the platform's own start-up observers (the messaging channels among them), so a
 * file with any problem stops the service with contracts' {@code InvalidEnvironmentsException} listing every
 * problem, before the deployer connects to Kafka or takes a command.
 */
@Startup(Interceptor.Priority.PLATFORM_BEFORE)
@ApplicationScoped
public class EnvironmentCatalog {

    /** Error code of a command naming an environment the file does not define (or with no file configured). */
    public static final String UNKNOWN_ENVIRONMENT = "UnknownEnvironment";

    private static final Logger LOG = Logger.getLogger(EnvironmentCatalog.class);

    private final Optional<Environments> environments;

    @Inject
    public EnvironmentCatalog(DeployerConfig config) {
        environments = config.environments().file().map(path -> new EnvironmentsParser().read(path));
        config.environments().file().ifPresentOrElse(
                path -> LOG.infof("Environments from %s: %s", path, String.join(" → ", environments.orElseThrow().names())),
                () -> LOG.info("No environments file (weft.deployer.environments.file): commands must name a workspace"));
    }

    /** The validated file, if one is configured. */
    public Optional<Environments> environments() {
        return environments;
    }

    /**
     * The environment a command names. Not dead-lettered when unknown: the same command succeeds once the file
     * defines it, so the job fails and the command is acknowledged.
     */
    public Environment require(String name) {
        return environments.flatMap(file -> file.find(name)).orElseThrow(() -> new JobFailureException(UNKNOWN_ENVIRONMENT,
                "Environment '" + name + "' is not defined: " + environments.map(file -> "the deployer's environments file defines "
                        + String.join(", ", file.names())).orElse("the deployer has no environments file (weft.deployer.environments.file)"),
                name, false));
    }

    /** The file's environments in promotion order; empty without a file. */
    public List<String> names() {
        return environments.map(Environments::names).orElse(List.of());
    }
}
