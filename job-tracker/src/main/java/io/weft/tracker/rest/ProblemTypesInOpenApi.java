package io.weft.tracker.rest;

import io.weft.support.rest.ProblemKind;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/** Lists every {@link ProblemType} of the tracker in its OpenAPI description, with its meaning and what to do. */
public class ProblemTypesInOpenApi implements OASFilter {

    // Here rather than in quarkus.smallrye-openapi.info-description, which would replace what a filter sets.
    private static final String DESCRIPTION = "Job status folded from Weft's commands and job events; live over SSE.";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getInfo().setDescription(DESCRIPTION + "\n\n" + ProblemKind.describe(ProblemType.values()));
    }
}
