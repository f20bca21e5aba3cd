package io.weft.contracts.principals;

import io.weft.contracts.command.ProvisionWorkspace.PrincipalEntry;
import io.weft.contracts.command.ProvisionWorkspace.PrincipalsFileContent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PrincipalsParserTest {

    private static final String A = "8c1f6b2a-5d3e-4f7a-9b0c-1d2e3f4a5b6c";
    private static final String B = "2f3e4d5c-6b7a-4891-a2b3-c4d5e6f7a8b9";
    private static final String C = "11111111-2222-4333-8444-555555555555";

    private final PrincipalsParser parser = new PrincipalsParser(10);

    @Test
    void readsAFileWithCommentsBlankLinesAndAnyCaseIntoCanonicalAssignments() {
        String csv = """
                # who gets what
                principal_id,role,description,type

                %s,admin,Platform team,group
                # analysts below
                %s, VIEWER ,"Analysts, EMEA",ServicePrincipal
                """.formatted(A.toUpperCase(), B);

        List<RoleAssignment> assignments = parser.parse(null, new PrincipalsFileContent("p.csv", csv));

        assertThat(assignments).containsExactly(
                new RoleAssignment(A, PrincipalType.Group, WorkspaceRole.Admin, "Platform team"),
                new RoleAssignment(B, PrincipalType.ServicePrincipal, WorkspaceRole.Viewer, "Analysts, EMEA"));
    }

    @Test
    void reportsEveryProblemAtOnceWithItsLine() {
        String csv = """
                principal_id,role,description,type
                not-a-guid,Admin,x,User
                # a comment shifts lines but not the count
                %s,Owner,x,Robot
                %s,Viewer,x,User
                %s,Member,x,User
                %s,Viewer,short row
                """.formatted(A, B, B, C);

        InvalidPrincipalsException e = catchThrowableOfType(InvalidPrincipalsException.class,
                () -> parser.parse(null, new PrincipalsFileContent("p.csv", csv)));

        assertThat(e.problems()).extracting(PrincipalProblem::toString).containsExactly(
                "p.csv line 2: principal_id 'not-a-guid' is not a GUID",
                "p.csv line 4: role 'Owner' is not one of [Admin, Contributor, Member, Viewer]",
                "p.csv line 4: type 'Robot' is not one of [Group, ServicePrincipal, ServicePrincipalProfile, User]",
                "p.csv line 6: principal " + B + " is given the role Member here and Viewer at p.csv line 5",
                "p.csv line 7: expected 4 fields (principal_id,role,description,type), found 3");
        assertThat(e.getMessage()).startsWith("5 problems in the principals: p.csv line 2");
    }

    @Test
    void theSamePrincipalWithTheSameRoleCountsOnceAcrossInlineAndFile() {
        List<RoleAssignment> assignments = parser.parse(List.of(new PrincipalEntry(A, "Contributor", "User", null)),
                new PrincipalsFileContent("p.csv", "principal_id,role,description,type\n" + A + ",contributor,,user\n"));

        assertThat(assignments).containsExactly(new RoleAssignment(A, PrincipalType.User, WorkspaceRole.Contributor, null));
    }

    @Test
    void inlineEntriesAreCheckedByPosition() {
        assertThatThrownBy(() -> parser.parse(List.of(new PrincipalEntry(A, "Admin", "User", null),
                new PrincipalEntry("x", "Admin", "User", null)), null))
                .isInstanceOf(InvalidPrincipalsException.class)
                .hasMessageContaining("principals line 2: principal_id 'x' is not a GUID");
    }

    @Test
    void emptyFileHeaderOnlyAndWrongHeaderAreRefused() {
        assertThatThrownBy(() -> parser.parse(null, new PrincipalsFileContent("p.csv", "# nothing\n\n")))
                .isInstanceOf(InvalidPrincipalsException.class).hasMessageContaining("p.csv: the file is empty");
        assertThatThrownBy(() -> parser.parse(null, new PrincipalsFileContent("p.csv", "principal_id,role,description,type\n")))
                .isInstanceOf(InvalidPrincipalsException.class).hasMessageContaining("header but no principals");
        assertThatThrownBy(() -> parser.parse(null, new PrincipalsFileContent("p.csv", "id,role,type\n" + A + ",Admin,User\n")))
                .isInstanceOf(InvalidPrincipalsException.class)
                .hasMessageContaining("p.csv line 1: the header must be principal_id,role,description,type; missing principal_id, description; unexpected id");
    }

    @Test
    void moreRowsThanTheMaximumAreRefusedAlongWithOtherProblems() {
        StringBuilder csv = new StringBuilder("principal_id,role,description,type\n");
        for (int i = 0; i < 11; i++) {
            csv.append(String.format("00000000-0000-4000-8000-%012d,Viewer,,User%n", i));
        }
        csv.append("bad,Viewer,,User\n");

        InvalidPrincipalsException e = catchThrowableOfType(InvalidPrincipalsException.class,
                () -> parser.parse(null, new PrincipalsFileContent("p.csv", csv.toString())));

        assertThat(e.problems()).extracting(PrincipalProblem::toString).containsExactly(
                "p.csv line 13: principal_id 'bad' is not a GUID",
                "p.csv: 12 principals, more than the maximum of 10");
    }
}
