package clinic.domain;

import java.util.Arrays;
import java.util.Set;

/**
 * Who is calling, as the verified token says: the Cognito {@code sub}, the username and the groups.
 * Identity never comes from a request body.
 */
public record Caller(String id, String username, Set<Role> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }

    /** The caller, if they hold one of the roles; otherwise 403. */
    public Caller require(Role... anyOf) {
        if (Arrays.stream(anyOf).anyMatch(this::is)) {
            return this;
        }
        throw new Problem.Forbidden("This operation is for " + describe(anyOf) + " only");
    }

    private static String describe(Role[] roles) {
        return String.join(" or ", Arrays.stream(roles).map(Role::group).toList());
    }
}
