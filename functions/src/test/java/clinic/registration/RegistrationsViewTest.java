package clinic.registration;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Role;
import clinic.domain.UserProfile;
import clinic.http.Json;
import org.junit.jupiter.api.Test;

class RegistrationsViewTest {

    @Test
    void aRegisteredUserIsWrittenWithTheUserNestedAndNoRoleOrPassword() {
        assertThat(Json.write(Registrations.view(new UserProfile("s1", Role.PATIENT, "pat", "pat@example.com", "Pat Jones"))))
                .isEqualTo("{\"id\":\"s1\",\"user\":{\"username\":\"pat\",\"email\":\"pat@example.com\"},\"name\":\"Pat Jones\"}");
    }
}
