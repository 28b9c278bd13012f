package clinic.http;

import clinic.domain.Caller;
import clinic.domain.Problem;
import clinic.domain.Role;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The caller, read from the claims the HTTP API's JWT authorizer verified. API Gateway renders an
 * array claim as {@code [doctors admins]}; a JSON array is read too, so the same code serves events
 * from API Gateway, {@code sam local invoke} and hand-written tests.
 */
public final class Callers {
    /** Compiled once: String.split with a pattern compiles it on every call, twice a request. */
    private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s,]+");

    private Callers() {}

    public static Caller fromClaims(Map<String, String> claims) {
        String sub = claims == null ? null : claims.get("sub");
        if (sub == null || sub.isBlank()) {
            throw new Problem.Unauthenticated("Authentication credentials were not provided", "NOT_AUTHENTICATED");
        }
        String username = claims.getOrDefault("username", claims.getOrDefault("cognito:username", sub));
        return new Caller(sub, username, roles(claims.get("cognito:groups")));
    }

    static Set<Role> roles(String groupsClaim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (groupsClaim == null) {
            return roles;
        }
        String inner = groupsClaim.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        for (String token : SEPARATORS.split(inner)) {
            String group = token.replace("\"", "");
            Role.ofGroup(group).ifPresent(roles::add);
        }
        return roles;
    }
}
