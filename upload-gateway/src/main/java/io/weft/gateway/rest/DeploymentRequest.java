package io.weft.gateway.rest;

import io.weft.contracts.command.DefinitionPart;
import io.weft.contracts.command.SemanticModelRefreshOptions;

import java.util.List;

/**
 * A deployment with its definition inline, as JSON.
 *
 * @param workspace        the Fabric workspace, GUID or display name; exactly one of it and {@code environment}
 * @param modelName        the semantic model's base display name
 * @param mode             {@code dev} or {@code prod}
 * @param confirmOverwrite in prod mode, whether an existing model of that name may be overwritten
 * @param format           {@code TMDL} or {@code TMSL}; recognised from the parts when absent
 * @param parts            the definition's files, paths relative to the model folder, payloads base64
 * @param refreshAfterDeploy when present, the deployed model is refreshed this way as the job's last steps
 * @param environment      an environment of the model-deployer's environments file, instead of {@code workspace}: the
 *                         job takes the workspace, parameters and connection bindings from it
 */
public record DeploymentRequest(String workspace, String modelName, String mode, Boolean confirmOverwrite, String format,
        List<DefinitionPart> parts, SemanticModelRefreshOptions refreshAfterDeploy, String environment) {
}
