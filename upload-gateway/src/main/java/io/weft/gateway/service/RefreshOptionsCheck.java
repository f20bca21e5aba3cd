package io.weft.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.contracts.ContractCodec;
import io.weft.contracts.MessageType;
import io.weft.contracts.command.RefreshSemanticModel;
import io.weft.contracts.command.SemanticModelRefreshOptions;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;

import java.time.Instant;
import java.util.List;

/**
 * Checks refresh options against the contract's own schema (the {@code refreshOptions} the refresh command and the
 * deployment's {@code refreshAfterDeploy} share), so the gateway refuses exactly what the deployer would.
 */
final class RefreshOptionsCheck {

    private RefreshOptionsCheck() {
    }

    /** Every problem of {@code options}, each named by its field under {@code field} (e.g. {@code refresh.type}). */
    static void check(String field, SemanticModelRefreshOptions options, List<Problem> problems) {
        if (options == null) {
            return;
        }
        ContractCodec codec = ContractCodec.get();
        RefreshSemanticModel draft = new RefreshSemanticModel("draft", "draft", null, "draft", options, Instant.EPOCH);
        ObjectNode json = codec.mapper().valueToTree(draft);
        for (String violation : codec.violations(MessageType.REFRESH_SEMANTIC_MODEL, json)) {
            int colon = violation.indexOf(": ");
            String path = colon > 0 ? violation.substring(0, colon) : "$.refresh";
            String detail = colon > 0 ? violation.substring(colon + 2) : violation;
            String named = path.startsWith("$.refresh") ? field + path.substring("$.refresh".length()) : field;
            problems.add(Problem.ofField(named, Rules.FIELD_VALUE, named + ": " + detail));
        }
    }
}
