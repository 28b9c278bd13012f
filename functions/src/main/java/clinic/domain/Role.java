package clinic.domain;

import java.util.Optional;

/** The kinds of user (staff: the front desk, issue 20). Each is a Cognito group; the group name arrives in {@code cognito:groups}. */
public enum Role {
    ADMIN("admins"),
    DOCTOR("doctors"),
    PATIENT("patients"),
    STAFF("staff");

    private final String group;

    Role(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public static Optional<Role> ofGroup(String group) {
        for (Role role : values()) {
            if (role.group.equals(group)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
