package io.weft.deployer.service;

import io.weft.contracts.environments.Environment;
import io.weft.contracts.environments.InvalidParametersException;
import io.weft.contracts.environments.ParameterSubstitution;
import io.weft.contracts.environments.Replacement;
import io.weft.deployer.config.DeployerConfig;
import io.weft.deployer.definition.DefinitionFile;
import io.weft.deployer.definition.DefinitionPackager;
import io.weft.deployer.definition.InvalidDefinitionException;
import io.weft.deployer.definition.PackagedDefinition;
import io.weft.support.jobs.JobFailureException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts an environment's parameter values into a packaged definition (contracts' {@link ParameterSubstitution}),
 * then validates the result again with the same packager, so a replacement cannot produce a definition the
 * deployer would have refused. Runs before any Fabric call.
 */
@ApplicationScoped
public class DefinitionParameters {

    private final DefinitionPackager packager;
    private final Function<String, String> processEnvironment;

    @Inject
    public DefinitionParameters(DeployerConfig config) {
        this(new DefinitionPackager(config.definition().limits()), System::getenv);
    }

    DefinitionParameters(DefinitionPackager packager, Function<String, String> processEnvironment) {
        this.packager = packager;
        this.processEnvironment = processEnvironment;
    }

    /** The parameterized definition and every replacement made (file and count, no values). */
    public record Parameterized(PackagedDefinition definition, List<ParameterSubstitution.Applied> applied) {

        /** The report for step outputs and the job result. */
        public List<Map<String, Object>> report() {
            return applied.stream().map(a -> Map.<String, Object>of("replacement", a.replacement(), "parameter", a.parameter(),
                    "file", a.file(), "count", a.count())).toList();
        }
    }

    /**
     * @throws JobFailureException {@code InvalidParameters} with every problem (the command is acknowledged: the
     *         same command succeeds once the environments file, the definition or the worker's environment is fixed)
     *         or when the replaced definition no longer validates
     */
    public Parameterized apply(PackagedDefinition definition, Environment environment, List<Replacement> replacements) {
        if (replacements.isEmpty()) {
            return new Parameterized(definition, List.of());
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        definition.parts().forEach(part -> parts.put(part.path(), Base64.getDecoder().decode(part.payload())));
        ParameterSubstitution.Result result;
        try {
            result = ParameterSubstitution.apply(environment, replacements, parts, processEnvironment);
        } catch (InvalidParametersException e) {
            throw new JobFailureException(InvalidParametersException.CODE, e.getMessage(), environment.name(), false);
        }
        List<DefinitionFile> files = new ArrayList<>();
        result.parts().forEach((path, content) -> files.add(new DefinitionFile(path, content)));
        try {
            return new Parameterized(packager.pack(definition.format(), files), result.applied());
        } catch (InvalidDefinitionException e) {
            throw new JobFailureException(InvalidParametersException.CODE, "the definition with the parameters of environment '"
                    + environment.name() + "' is invalid: " + String.join("; ", e.reasons()), environment.name(), false);
        }
    }

    /**
     * A definition as Fabric returned it (a deployed or promoted model), validated as the deployer validates its
     * own, so that {@link #apply} can parameterize it.
     *
     * @throws JobFailureException {@code InvalidDefinition} when Fabric's definition is not one the deployer accepts
     */
    public PackagedDefinition fromFabric(io.weft.fabric.client.item.ItemDefinition deployed, String itemName) {
        List<DefinitionFile> files = deployed.parts().stream().map(part -> new DefinitionFile(part.path(), part.content())).toList();
        try {
            return packager.pack(io.weft.contracts.command.DefinitionFormat.valueOf(deployed.format()), files);
        } catch (InvalidDefinitionException | IllegalArgumentException e) {
            throw new JobFailureException("InvalidDefinition", "the definition of '" + itemName + "' as Fabric returned it cannot be"
                    + " parameterized: " + (e instanceof InvalidDefinitionException invalid ? String.join("; ", invalid.reasons())
                            : e.getMessage()), itemName, false);
        }
    }
}
