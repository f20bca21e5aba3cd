package io.weft.gateway.rest;

import io.weft.support.rest.ProblemKind;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/** Lists every {@link ProblemType} of the gateway in its OpenAPI description, with its meaning and what to do. */
public class ProblemTypesInOpenApi implements OASFilter {

    // Here rather than in quarkus.smallrye-openapi.info-description, which would replace what a filter sets.
    private static final String DESCRIPTION = "Scenario archives and deployment requests in; Weft commands on Kafka out, answered with 202 and the job id.";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getInfo().setDescription(DESCRIPTION + "\n\n" + ProblemKind.describe(ProblemType.values()));
    }
}
