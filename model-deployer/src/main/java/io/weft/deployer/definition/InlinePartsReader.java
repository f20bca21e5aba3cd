package io.weft.deployer.definition;

import io.weft.contracts.command.DefinitionPart;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Decodes a command's inline parts into files, collecting every undecodable payload as a reason. */
public final class InlinePartsReader {

    private InlinePartsReader() {
    }

    public static List<DefinitionFile> read(List<DefinitionPart> parts, PackagingLimits limits) {
        List<String> reasons = new ArrayList<>();
        List<DefinitionFile> files = new ArrayList<>();
        if (parts.size() > limits.maxParts()) {
            throw new InvalidDefinitionException("the definition has " + parts.size() + " parts, more than the limit of "
                    + limits.maxParts());
        }
        long total = 0;
        for (DefinitionPart part : parts) {
            byte[] content;
            try {
                // The strict decoder: the MIME one would silently skip characters outside the alphabet.
                content = Base64.getDecoder().decode(part.payload() == null ? "" : part.payload().replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                reasons.add("the payload of part '" + part.path() + "' is not valid base64: " + e.getMessage());
                continue;
            }
            total += content.length;
            if (total > limits.maxTotalBytes()) {
                throw new InvalidDefinitionException("the definition's parts exceed the limit of " + limits.maxTotalBytes()
                        + " bytes in all");
            }
            files.add(new DefinitionFile(part.path(), content));
        }
        if (!reasons.isEmpty()) {
            throw new InvalidDefinitionException(reasons);
        }
        return files;
    }
}
