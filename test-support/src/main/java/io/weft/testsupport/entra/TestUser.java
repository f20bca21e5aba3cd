package io.weft.testsupport.entra;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * The people {@link EntraResource} registers in the emulator's tenant, who sign in through its sign-in form (a
 * browser test of the dashboard). Their passwords are random per start.
 */
public enum TestUser {

    /** {@code Weft.Read}, in the group {@link #SALES_READERS}: a test grants that group a workspace. */
    SALES_READER(List.of("Weft.Read"), List.of(TestUser.SALES_READERS));

    /** The object id of the group {@link #SALES_READER} is in. */
    public static final String SALES_READERS = "weft-test-group-sales-readers";

    private final List<String> roles;
    private final List<String> groups;

    TestUser(List<String> roles, List<String> groups) {
        this.roles = roles;
        this.groups = groups;
    }

    /** The name typed into the sign-in form, also the token's {@code name} and {@code preferred_username}. */
    public String userName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '.') + "@weft.test";
    }

    public List<String> roles() {
        return roles;
    }

    public List<String> groups() {
        return groups;
    }

    /** The password of this start of the tenant. */
    public String password() {
        return ConfigProvider.getConfig().getValue(passwordProperty(this), String.class);
    }

    static String passwordProperty(TestUser user) {
        return "weft.test.entra.password." + user.name().toLowerCase(java.util.Locale.ROOT);
    }
}
