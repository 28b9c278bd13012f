package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Problem;
import clinic.domain.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallersTest {

    @Test
    void groupsAreReadAsApiGatewayRendersThemAndAsAJsonArray() {
        assertThat(Callers.roles("[doctors admins]")).containsExactlyInAnyOrder(Role.DOCTOR, Role.ADMIN);
        assertThat(Callers.roles("[\"patients\",\"admins\"]")).containsExactlyInAnyOrder(Role.PATIENT, Role.ADMIN);
        assertThat(Callers.roles("patients")).containsExactly(Role.PATIENT);
        // Issue 20 made staff a role; an unknown group is still none.
        assertThat(Callers.roles("[staff superusers]")).containsExactly(Role.STAFF);
        assertThat(Callers.roles("[nurses superusers]")).isEmpty();
        assertThat(Callers.roles(null)).isEmpty();
    }

    @Test
    void theCallerIsTheTokensSubAndUsername() {
        var caller = Callers.fromClaims(Map.of("sub", "abc", "username", "pat", "cognito:groups", "[patients]"));
        assertThat(caller.id()).isEqualTo("abc");
        assertThat(caller.username()).isEqualTo("pat");
        assertThat(caller.is(Role.PATIENT)).isTrue();
        assertThat(Callers.fromClaims(Map.of("sub", "abc", "cognito:username", "idtoken")).username()).isEqualTo("idtoken");
    }

    @Test
    void noClaimsMeans401() {
        assertThatThrownBy(() -> Callers.fromClaims(null)).isInstanceOf(Problem.Unauthenticated.class);
        assertThatThrownBy(() -> Callers.fromClaims(Map.of("username", "x"))).isInstanceOf(Problem.Unauthenticated.class);
    }

    @Test
    void aCallerWithoutTheRoleGets403() {
        var caller = Callers.fromClaims(Map.of("sub", "abc", "cognito:groups", "[patients]"));
        assertThat(caller.require(Role.PATIENT, Role.ADMIN)).isSameAs(caller);
        assertThatThrownBy(() -> caller.require(Role.ADMIN)).isInstanceOf(Problem.Forbidden.class);
    }
}
