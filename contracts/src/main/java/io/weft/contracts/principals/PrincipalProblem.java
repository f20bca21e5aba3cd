package io.weft.contracts.principals;

/**
 * One thing wrong with a principals list.
 *
 * @param source  where: the file name, or {@code principals} for the inline list
 * @param line    the file line (1-based) or the inline entry's position (1-based); 0 for the whole input
 * @param message what is wrong, in words
 */
public record PrincipalProblem(String source, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? source + " line " + line + ": " + message : source + ": " + message;
    }
}
