package io.weft.local;

import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import io.weft.archive.staged.StagedArchiveConfig;
import io.weft.deployer.config.DeployerConfig;
import io.weft.deployer.config.RefreshConfig;
import io.weft.fabric.client.config.FabricClientConfig;
import io.weft.gateway.config.GatewayConfig;
import io.weft.provisioner.config.ItemJobConfig;
import io.weft.provisioner.config.ProvisionerConfig;
import io.weft.support.jobs.WorkerConfig;
import io.weft.support.staging.StagingConfig;
import io.weft.support.tracing.TracingConfig;
import io.weft.tracker.config.DashboardSignInConfig;
import io.weft.tracker.config.TrackerConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md is the one table of every setting; this keeps it from rotting: every property of every
 * {@code @ConfigMapping} of the services is in it, with the default the mapping declares, and it names no
 * {@code weft.*} property that no mapping has.
 */
class ConfigurationDocTest {

    private static final Path REPO = Path.of(System.getProperty("weft.repo", "..")).toAbsolutePath().normalize();

    /** Every mapping of every service (the libraries' mappings are read by the services that depend on them). */
    static final List<Class<?>> MAPPINGS = List.of(GatewayConfig.class, TrackerConfig.class, DashboardSignInConfig.class, ProvisionerConfig.class,
            DeployerConfig.class, RefreshConfig.class, ItemJobConfig.class, WorkerConfig.class, FabricClientConfig.class, StagingConfig.class, TracingConfig.class, io.weft.support.security.WorkspaceScopesConfig.class,
            StagedArchiveConfig.class, io.weft.support.secrets.KeyVaultConfig.class);

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z0-9.*-]+)` \\| `([A-Z0-9_*]+)` \\| ([^|]*) \\|");

    @Test
    void everyMappedPropertyIsDocumentedWithItsDefault() throws IOException {
        Map<String, String> documented = documentedDefaults();
        Map<String, String> mapped = mappedDefaults();
        assertThat(documented.keySet()).as("properties in docs/configuration.md").containsAll(mapped.keySet());
        mapped.forEach((name, value) -> assertThat(documented.get(name)).as("default of %s", name).isEqualTo(value));
    }

    @Test
    void everyDocumentedWeftPropertyIsMapped() throws IOException {
        Set<String> weft = documentedDefaults().keySet().stream().filter(name -> name.startsWith("weft."))
                .collect(Collectors.toSet());
        assertThat(mappedDefaults().keySet()).as("mapped properties").containsAll(weft);
    }

    @Test
    void everyEnvironmentVariableIsThePropertysOwn() throws IOException {
        var matcher = ROW.matcher(Files.readString(REPO.resolve("docs/configuration.md")));
        while (matcher.find()) {
            assertThat(matcher.group(2)).as("environment variable of %s", matcher.group(1))
                    .isEqualTo(environmentName(matcher.group(1)));
        }
    }

    /** The environment variables of every documented property, a map key ({@code *}) matching any key. */
    static List<Pattern> documentedEnvironment() throws IOException {
        return documentedDefaults().keySet().stream()
                .map(name -> Pattern.compile(Pattern.quote(environmentName(name)).replace("*", "\\E[A-Z0-9_]+\\Q")))
                .toList();
    }

    /** SmallRye Config's environment name of a property: upper case, every other character an underscore. */
    static String environmentName(String property) {
        return property.replaceAll("[^a-zA-Z0-9*]", "_").toUpperCase();
    }

    /** Property name (map keys as {@code *}) → its default as the doc shows it ({@code —} when there is none). */
    static Map<String, String> mappedDefaults() {
        Map<String, String> all = new TreeMap<>();
        for (Class<?> mapping : MAPPINGS) {
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping)).forEach((name, property) -> {
                // A list is listed twice, as itself and as name[*]: the doc has the name.
                if (!property.isGroup() && !(property.isMap() && property.asMap().getValueProperty().isGroup())
                        && !name.endsWith("[*]")) {
                    all.put(name, defaultOf(property));
                }
            });
        }
        return all;
    }

    private static String defaultOf(ConfigMappingInterface.Property property) {
        return property.hasDefaultValue() && property.getDefaultValue() != null ? property.getDefaultValue() : "—";
    }

    private static Map<String, String> documentedDefaults() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        var matcher = ROW.matcher(Files.readString(REPO.resolve("docs/configuration.md")));
        while (matcher.find()) {
            String value = matcher.group(3).trim();
            rows.put(matcher.group(1), value.startsWith("`") && value.endsWith("`") ? value.substring(1, value.length() - 1) : value);
        }
        return rows;
    }
}
