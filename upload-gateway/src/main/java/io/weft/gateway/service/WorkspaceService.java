package io.weft.gateway.service;

import io.weft.contracts.ContractCodec;
import io.weft.contracts.command.FailurePolicy;
import io.weft.contracts.command.ProvisionWorkspace;
import io.weft.contracts.command.ProvisionWorkspace.LakehouseSet;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalEntry;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalsFileContent;
import io.weft.contracts.principals.InvalidPrincipalsException;
import io.weft.contracts.principals.PrincipalProblem;
import io.weft.contracts.principals.PrincipalsParser;
import io.weft.contracts.principals.RoleAssignment;
import io.weft.gateway.archive.Problem;
import io.weft.gateway.archive.Rules;
import io.weft.gateway.config.GatewayConfig;
import io.weft.gateway.idempotency.IdempotencyStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a workspace request into a {@link ProvisionWorkspace} command, after checking everything in it (the
 * principals with the contracts' {@link PrincipalsParser}, the one the provisioner uses too), every problem
 * reported at once. The principals travel as given, so the worker's own check names the same lines.
 */
@ApplicationScoped
public class WorkspaceService {

    /** The job kind of workspace provisioning. */
    public static final String KIND = "workspace";

    /** problem+json rule of a principals problem. */
    public static final String PRINCIPAL_INVALID = "principal-invalid";

    private static final Pattern LAKEHOUSE = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,127}$");
    private static final Pattern PREFIX = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,63}$");
    private static final Pattern CAPACITY = Pattern.compile("^.{1,256}$");

    private final JobAcceptance acceptance;
    private final PrincipalsParser parser;

    public WorkspaceService(GatewayConfig config, JobAcceptance acceptance) {
        this.acceptance = acceptance;
        this.parser = new PrincipalsParser(config.workspaces().maxPrincipals());
    }

    /** The request, as received (unchecked); the principals file may come as text or as an uploaded file's text. */
    public record Request(String workspace, String description, String capacity, List<PrincipalEntry> principals,
            PrincipalsFileContent principalsFile, LakehouseSet lakehouses, String onFailure, boolean plan) {
    }

    /** What the answer shows of the request. */
    public record Summary(int principals, List<String> lakehouses, String capacity, String onFailure) {
    }

    public IdempotencyStore.Outcome accept(Request request, Optional<String> idempotencyKey) {
        List<Problem> problems = new ArrayList<>();
        String workspace = Names.workspace(request.workspace(), problems).orElse(null);
        if (request.capacity() != null && !request.capacity().isBlank() && !CAPACITY.matcher(request.capacity().strip()).matches()) {
            problems.add(Problem.ofField("capacity", Rules.FIELD_VALUE, "capacity is longer than 256 characters"));
        }
        LakehouseSet lakehouses = request.lakehouses();
        if (lakehouses != null) {
            if (lakehouses.names() != null) {
                for (String name : lakehouses.names()) {
                    Names.check("lakehouses", name, LAKEHOUSE, "a letter, then letters, digits or _ (up to 128)", problems);
                }
            }
            if (lakehouses.prefix() != null && !lakehouses.prefix().isEmpty()) {
                Names.check("lakehousePrefix", lakehouses.prefix(), PREFIX, "a letter, then letters, digits or _ (up to 64)", problems);
            }
        }
        FailurePolicy policy = null;
        if (request.onFailure() != null && !request.onFailure().isBlank()) {
            switch (request.onFailure().strip().toLowerCase(Locale.ROOT)) {
                case "rollback" -> policy = FailurePolicy.ROLLBACK;
                case "keep" -> policy = FailurePolicy.KEEP;
                default -> problems.add(Problem.ofField("onFailure", Rules.FIELD_VALUE, "onFailure '" + request.onFailure()
                        + "' is not rollback or keep"));
            }
        }
        List<RoleAssignment> principals = List.of();
        try {
            principals = parser.parse(request.principals(), request.principalsFile());
        } catch (InvalidPrincipalsException e) {
            for (PrincipalProblem p : e.problems()) {
                problems.add(new Problem(p.source().equals(PrincipalsParser.INLINE) ? null : p.source(),
                        p.source().equals(PrincipalsParser.INLINE) ? "principals" : "principalsFile", PRINCIPAL_INVALID, p.toString()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationFailedException("The workspace request is not valid", problems);
        }
        String capacity = request.capacity() == null || request.capacity().isBlank() ? null : request.capacity().strip();
        LakehouseSet set = lakehouses == null ? null : new LakehouseSet(lakehouses.names() == null || lakehouses.names().isEmpty()
                ? null : lakehouses.names(), lakehouses.prefix() == null || lakehouses.prefix().isEmpty() ? null : lakehouses.prefix(),
                lakehouses.enableSchemas());
        FailurePolicy failurePolicy = policy;
        String description = request.description() == null || request.description().isBlank() ? null : request.description().strip();
        Summary summary = new Summary(principals.size(), (set == null ? LakehouseSet.MEDALLION : set).displayNames(), capacity,
                (failurePolicy == null ? FailurePolicy.ROLLBACK : failurePolicy).name().toLowerCase(Locale.ROOT));
        String fingerprint = Fingerprint.of("workspaces", workspace, String.valueOf(description), String.valueOf(capacity),
                ContractCodec.get().mapper().valueToTree(principals).toString(), String.valueOf(summary.lakehouses()),
                String.valueOf(set != null && set.schemas()), summary.onFailure(), request.plan() ? "plan" : "provision");
        return acceptance.accept(idempotencyKey, fingerprint, KIND, summary, (jobId, requestedAt, requestedBy) -> new ProvisionWorkspace(jobId,
                workspace, description, capacity, request.principals() == null || request.principals().isEmpty() ? null
                : request.principals(), request.principalsFile(), set, failurePolicy, requestedAt, request.plan(), requestedBy));
    }
}
