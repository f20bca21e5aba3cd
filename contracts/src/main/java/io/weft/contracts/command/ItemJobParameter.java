package io.weft.contracts.command;

/**
 * One parameter of an item job run, as Fabric's job scheduler takes it ({@code parameters[]} of
 * RunOnDemandItemJobRequest).
 *
 * @param name  the parameter's name, unique case-insensitively within a run, at most 256 characters
 * @param type  {@code Text}, {@code Integer}, {@code Number}, {@code Boolean}, {@code DateTime}, {@code Guid},
 *              {@code VariableReference} or {@code Automatic}
 * @param value the value: a JSON string, number or boolean that fits {@code type}
 */
public record ItemJobParameter(String name, String type, Object value) {
}
