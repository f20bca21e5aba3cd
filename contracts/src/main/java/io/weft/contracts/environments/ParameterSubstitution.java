package io.weft.contracts.environments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies an environment's replacements to a definition's parts, in file order, each to what the earlier ones
 * left. Pure: it either returns the new parts with a report of every replacement made (file and count, never a
 * value), or raises {@link InvalidParametersException} with every problem at once (a variable the environment
 * does not set, a replacement that matches nothing, a JSONPath over a part that is not JSON), so that a job can
 * check everything before it calls Fabric.
 */
public final class ParameterSubstitution {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JSON))
            .mappingProvider(new JacksonMappingProvider(JSON))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private ParameterSubstitution() {
    }

    /**
     * One replacement's effect on one part.
     *
     * @param replacement the replacement's label, e.g. {@code replacements[0] (the SQL server)}
     * @param parameter   the parameter whose value was put in (its name, not its value)
     * @param file        the part's path
     * @param count       how many matches were replaced
     */
    public record Applied(String replacement, String parameter, String file, int count) {
    }

    /** The parts after the replacements (same order, same paths), and what was replaced where. */
    public record Result(Map<String, byte[]> parts, List<Applied> applied) {
    }

    /**
     * @param environment the environment whose parameter values are used
     * @param replacements the replacements that apply (see {@link Environments#replacementsFor})
     * @param parts        the definition's parts by path, in order; not changed
     * @param processEnvironment how {@code fromEnv} values are read, e.g. {@code System::getenv}
     * @throws InvalidParametersException with every problem found
     */
    public static Result apply(Environment environment, List<Replacement> replacements, Map<String, byte[]> parts,
            Function<String, String> processEnvironment) {
        Map<String, byte[]> current = new LinkedHashMap<>(parts);
        List<Applied> applied = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Replacement replacement : replacements) {
            Optional<String> value = value(environment, replacement, processEnvironment, problems);
            List<String> files = current.keySet().stream().filter(new PartGlob(replacement.files())::matches).toList();
            if (files.isEmpty()) {
                if (!replacement.optional()) {
                    problems.add(replacement.label() + ": no definition file matches '" + replacement.files() + "'");
                }
                continue;
            }
            int total = 0;
            for (String file : files) {
                int count = replacement.jsonPath() != null
                        ? replaceJson(replacement, file, current, value, problems)
                        : replaceText(replacement, file, current, value, problems);
                if (count > 0) {
                    applied.add(new Applied(replacement.label(), replacement.parameter(), file, count));
                    total += count;
                }
            }
            if (total == 0 && !replacement.optional()) {
                problems.add(replacement.label() + ": matched nothing in " + files.size() + (files.size() == 1 ? " file" : " files")
                        + " matching '" + replacement.files() + "' (" + String.join(", ", files)
                        + "); fix the definition or the replacement, or mark it optional");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(environment.name(), problems);
        }
        return new Result(current, List.copyOf(applied));
    }

    private static Optional<String> value(Environment environment, Replacement replacement,
            Function<String, String> processEnvironment, List<String> problems) {
        Optional<ParameterValue> parameter = environment.parameter(replacement.parameter());
        if (parameter.isEmpty()) {
            // The parser refuses such files; a hand-built Environments may still get here.
            problems.add(replacement.label() + ": parameter '" + replacement.parameter() + "' is not defined in environment '"
                    + environment.name() + "'");
            return Optional.empty();
        }
        Optional<String> value = parameter.get().resolve(processEnvironment);
        if (value.isEmpty()) {
            problems.add(replacement.label() + ": parameter '" + replacement.parameter() + "' of environment '" + environment.name()
                    + "' comes from " + parameter.get().describe() + ", which is not set in the worker's environment");
        }
        return value;
    }

    private static int replaceText(Replacement replacement, String file, Map<String, byte[]> parts, Optional<String> value,
            List<String> problems) {
        Optional<String> text = utf8(parts.get(file));
        if (text.isEmpty()) {
            problems.add(replacement.label() + ": " + file + " is not UTF-8 text");
            return 0;
        }
        Matcher matcher = (replacement.regex() ? Pattern.compile(replacement.find())
                : Pattern.compile(Pattern.quote(replacement.find()))).matcher(text.get());
        int count = 0;
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            count++;
            // The value goes in verbatim: no $1 group references, so a value can never change the pattern's meaning.
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.orElse("")));
        }
        matcher.appendTail(out);
        if (count > 0 && value.isPresent()) {
            parts.put(file, out.toString().getBytes(StandardCharsets.UTF_8));
        }
        return count;
    }

    private static int replaceJson(Replacement replacement, String file, Map<String, byte[]> parts, Optional<String> value,
            List<String> problems) {
        JsonNode document;
        try {
            document = JSON.readTree(parts.get(file));
        } catch (IOException e) {
            problems.add(replacement.label() + ": " + file + " is not JSON, so its jsonPath cannot apply");
            return 0;
        }
        if (document == null || !document.isContainerNode()) {
            problems.add(replacement.label() + ": " + file + " is not a JSON object or array");
            return 0;
        }
        Object matches = JsonPath.using(JSON_PATH.addOptions(Option.AS_PATH_LIST)).parse(document).read(replacement.jsonPath());
        int count = matches instanceof JsonNode node ? node.size() : matches instanceof Collection<?> list ? list.size() : 0;
        if (count > 0 && value.isPresent()) {
            DocumentContext context = JsonPath.using(JSON_PATH).parse(document);
            context.set(replacement.jsonPath(), value.get());
            try {
                parts.put(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(context.json()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file, e);
            }
        }
        return count;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
