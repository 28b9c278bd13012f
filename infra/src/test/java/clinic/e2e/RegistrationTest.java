package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegistrationTest extends EndToEndTest {
    private User admin;
    private User patient;
    private User doctor;

    @BeforeAll
    void signIn() {
        admin = users.admin();
        patient = users.patient("Pat Jones");
        doctor = users.doctor("Dana Doctor");
    }

    private static Map<String, Object> body(String username, String email, String password) {
        return Map.of("user", Map.of("username", username, "email", email, "password", password), "name", "Grace Hopper");
    }

    private int signInStatus(String username, String password) {
        return api.post("/api/api/token_obtain/", null, Map.of("username", username, "password", password)).status();
    }

    @Test
    void anAdminRegistersADoctorWhoCanThenSignInAsADoctor() {
        var reply = api.post("/api/register_doctor/", admin.token(), body("grace", "grace@example.com", "Str0ng-pass"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.object()).containsOnlyKeys("id", "user", "name");
        assertThat(reply.object().get("user")).isEqualTo(Map.of("username", "grace", "email", "grace@example.com"));
        assertThat(reply.object().get("name")).isEqualTo("Grace Hopper");
        assertThat(reply.body()).doesNotContain("Str0ng-pass");

        String token = (String) api.post("/api/api/token_obtain/", null, Map.of("username", "grace", "password", "Str0ng-pass"))
                .object().get("access");
        // doctors may declare availability, patients may not: the role came from the group
        assertThat(api.post("/api/timeslots/", token, Map.of("start_time", "20:30:00", "end_time", "21:00:00")).status())
                .isEqualTo(403);
        assertThat(api.get("/api/timeslots/", token).status()).isEqualTo(200);
    }

    @Test
    void anyoneMaySignUpAsAPatientWithoutAToken() {
        var reply = api.post("/api/register_patient/", null, Map.of("user",
                Map.of("username", "newpatient", "email", "newpatient@example.com", "password", "Patient-pass-1")));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.object().get("name")).isEqualTo("newpatient");
        assertThat(signInStatus("newpatient", "Patient-pass-1")).isEqualTo(200);
    }

    @Test
    void onlyAdminsRegisterDoctors() {
        assertThat(api.post("/api/register_doctor/", null, body("d1", "d1@example.com", "Str0ng-pass")).status()).isEqualTo(401);
        var byPatient = api.post("/api/register_doctor/", patient.token(), body("d2", "d2@example.com", "Str0ng-pass"));
        assertThat(byPatient.status()).isEqualTo(403);
        assertThat(byPatient.code()).isEqualTo("FORBIDDEN");
        assertThat(api.post("/api/register_doctor/", doctor.token(), body("d3", "d3@example.com", "Str0ng-pass")).status()).isEqualTo(403);
        assertThat(signInStatus("d2", "Str0ng-pass")).isEqualTo(401);
    }

    @Test
    void aTakenUsernameOrEmailIs409AndTheFirstAccountKeepsItsPassword() {
        assertThat(api.post("/api/register_patient/", null, body("twin", "twin@example.com", "First-pass-1")).status()).isEqualTo(201);
        var sameName = api.post("/api/register_patient/", null, body("TWIN", "other@example.com", "Second-pass-1"));
        var sameEmail = api.post("/api/register_patient/", null, body("twin2", "Twin@Example.com", "Second-pass-1"));
        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(sameEmail.status()).isEqualTo(409);
        assertThat(sameEmail.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(signInStatus("twin", "First-pass-1")).isEqualTo(200);
        assertThat(signInStatus("twin2", "Second-pass-1")).isEqualTo(401);
    }

    @Test
    void weakPasswordsAndBadEmailsAre400AndLeaveNothingBehind() {
        for (String weak : new String[] {"123", "alllowercase1", "ALLUPPERCASE1", "NoDigitsHere", "Sh0rt"}) {
            var reply = api.post("/api/register_patient/", null, body("weakling", "weakling@example.com", weak));
            assertThat(reply.status()).as(weak).isEqualTo(400);
            assertThat(((Map<?, ?>) reply.object().get("fields")).keySet()).as(weak).isEqualTo(java.util.Set.of("user.password"));
        }
        for (String email : new String[] {"no-at-sign", "a@b", "two@@example.com", "spaces in@example.com"}) {
            var reply = api.post("/api/register_patient/", null, body("weakling", email, "Str0ng-pass"));
            assertThat(reply.status()).as(email).isEqualTo(400);
            assertThat(reply.object().get("fields")).as(email).isEqualTo(Map.of("user.email", "must be a valid email address"));
        }
        // nothing was claimed: the same username and email are still free
        assertThat(api.post("/api/register_patient/", null, body("weakling", "weakling@example.com", "Str0ng-pass")).status())
                .isEqualTo(201);
    }

    @Test
    void missingAndMistypedFieldsAreNamed() {
        var reply = api.post("/api/register_patient/", null, Map.of("user", Map.of("username", 7, "password", true)));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.object().get("fields")).isEqualTo(Map.of(
                "user.username", "must be a string", "user.email", "is required", "user.password", "must be a string"));
        var noUser = api.post("/api/register_patient/", null, Map.of("username", "flat"));
        assertThat(noUser.status()).isEqualTo(400);
        assertThat(noUser.object().get("fields")).isEqualTo(Map.of("user", "is required"));
    }

    @Test
    void aPatientCannotMakeThemselvesAnAdminOrDoctorThroughTheBody() {
        var reply = api.post("/api/register_patient/", null, Map.of(
                "user", Map.of("username", "sneaky", "email", "sneaky@example.com", "password", "Str0ng-pass", "is_staff", true),
                "role", "admins", "groups", java.util.List.of("admins")));
        assertThat(reply.status()).isEqualTo(201);
        String token = (String) api.post("/api/api/token_obtain/", null, Map.of("username", "sneaky", "password", "Str0ng-pass"))
                .object().get("access");
        assertThat(api.post("/api/register_doctor/", token, body("d9", "d9@example.com", "Str0ng-pass")).status()).isEqualTo(403);
    }

    @Test
    void aUsernameIsStoredInItsNfkcFormAndOneThatNormalisesToATakenOneIs409() {
        var fullwidth = api.post("/api/register_patient/", null, body("ｗｉｄｅ＿ｐａｔ", "wide@example.com", "Str0ng-pass"));
        assertThat(fullwidth.status()).as(fullwidth.toString()).isEqualTo(201);
        assertThat(fullwidth.object().get("user")).isEqualTo(Map.of("username", "wide_pat", "email", "wide@example.com"));
        assertThat(signInStatus("wide_pat", "Str0ng-pass")).isEqualTo(200);
        assertThat(signInStatus("ｗｉｄｅ＿ｐａｔ", "Str0ng-pass")).as("signing in normalises too").isEqualTo(200);

        for (String lookalike : new String[] {"wide_pat", "WIDE_PAT", "𝐰𝐢𝐝𝐞_𝐩𝐚𝐭", "ｗｉｄｅ＿ｐａｔ"}) {
            var reply = api.post("/api/register_patient/", null, body(lookalike, "other-" + lookalike.length() + "@example.com", "Second-pass-1"));
            assertThat(reply.status()).as(lookalike).isEqualTo(409);
            assertThat(reply.code()).as(lookalike).isEqualTo("ALREADY_EXISTS");
        }
        assertThat(signInStatus("wide_pat", "Second-pass-1")).isEqualTo(401);
    }

    @Test
    void confusableInvisibleAndControlCharactersAre400AndClaimNothing() {
        String[][] refused = {
                {"p\u0430tient", "user.username"},   // Cyrillic a among Latin letters
                {"pat\u200dient", "user.username"},  // zero-width joiner
                {"pat\u202eient", "user.username"},  // right-to-left override
                {"pat\u0000ient", "user.username"},
                {"pat ient", "user.username"},
        };
        for (String[] bad : refused) {
            var reply = api.post("/api/register_patient/", null, body(bad[0], "clean@example.com", "Str0ng-pass"));
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.fields()).as(bad[0]).containsOnlyKeys(bad[1]);
        }
        for (String email : new String[] {"clean\u0000@example.com", "<clean@example.com>", "clean@example", "clean@exa@mple.com"}) {
            var reply = api.post("/api/register_patient/", null, body("clean", email, "Str0ng-pass"));
            assertThat(reply.status()).as(email).isEqualTo(400);
            assertThat(reply.fields()).as(email).isEqualTo(Map.of("user.email", "must be a valid email address"));
        }
        for (String name : new String[] {"Clean\u0000Name", "Clean\u001b[2JName", "Clean\nName"}) {
            var reply = api.post("/api/register_patient/", null, Map.of("user",
                    Map.of("username", "clean", "email", "clean@example.com", "password", "Str0ng-pass"), "name", name));
            assertThat(reply.status()).as(name).isEqualTo(400);
            assertThat(reply.fields()).as(name).containsOnlyKeys("name");
        }
        // nothing was claimed by any of them
        assertThat(api.post("/api/register_patient/", null, body("clean", "clean@example.com", "Str0ng-pass")).status()).isEqualTo(201);
        assertThat(api.post("/api/register_patient/", null, body("patient", "patient@example.com", "Str0ng-pass")).status()).isEqualTo(201);
    }

    @Test
    void aRegistrationWithTrailingJsonIsMalformed() {
        String body = "{\"user\":{\"username\":\"trailer\",\"email\":\"trailer@example.com\",\"password\":\"Str0ng-pass\"}}"
                + " {\"user\":{\"username\":\"admin2\"}}";
        var reply = api.post("/api/register_patient/", null, body);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("MALFORMED_JSON");
        assertThat(signInStatus("trailer", "Str0ng-pass")).isEqualTo(401);
    }
}
