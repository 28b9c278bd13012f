package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users;
import clinic.support.Users.User;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenEndpointsTest extends EndToEndTest {
    private User patient;

    @BeforeAll
    void register() {
        patient = users.patient("Pat Jones");
    }

    @Test
    void obtainReturnsAccessRefreshAndIdTokensForGoodCredentials() {
        var reply = api.post("/api/api/token_obtain/", null, Map.of("username", patient.username(), "password", Users.PASSWORD));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.object()).containsKeys("access", "refresh", "id", "expires_in", "token_type");
        assertThat(reply.object().get("token_type")).isEqualTo("Bearer");
        assertThat(reply.object().get("expires_in")).isEqualTo(3600);
    }

    @Test
    void obtainWorksWithoutTheTrailingSlashToo() {
        var reply = api.post("/api/api/token_obtain", null, Map.of("username", patient.username(), "password", Users.PASSWORD));
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void obtainRefusesAWrongPasswordOrUnknownUserWith401() {
        var wrong = api.post("/api/api/token_obtain/", null, Map.of("username", patient.username(), "password", "Wrong-pass-9"));
        var unknown = api.post("/api/api/token_obtain/", null, Map.of("username", "nobody-here", "password", "Wrong-pass-9"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.code()).isEqualTo("INVALID_CREDENTIALS");
    }

    @Test
    void obtainNamesEachMissingOrMistypedField() {
        var reply = api.post("/api/api/token_obtain/", null, Map.of("username", 42));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.object().get("fields")).isEqualTo(Map.of("username", "must be a string", "password", "is required"));
    }

    @Test
    void malformedJsonIsA400NotA500() {
        for (String body : new String[] {"{", "not json", "[1,", "{\"username\": }", ""}) {
            var reply = api.post("/api/api/token_obtain/", null, body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.code()).as(body).isEqualTo("MALFORMED_JSON");
        }
    }

    @Test
    void aBodyThatIsJsonButNotAnObjectIsAValidationError() {
        var reply = api.post("/api/api/token_obtain/", null, "[\"admin\", \"pw\"]");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void aBodyOver64KiBIsRefusedWith413() {
        var reply = api.post("/api/api/token_obtain/", null, Map.of("username", "x".repeat(70_000), "password", "p"));
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.code()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void refreshGivesNewAccessAndIdTokensButNoNewRefreshToken() {
        var reply = api.post("/api/api/token_refresh/", null, Map.of("refresh", patient.tokens().refresh()));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.object()).containsKeys("access", "id", "expires_in", "token_type").doesNotContainKey("refresh");
        var list = api.get("/api/timeslots/", (String) reply.object().get("access"));
        assertThat(list.status()).isEqualTo(200);
    }

    @Test
    void refreshRefusesAnUnknownRefreshToken() {
        var reply = api.post("/api/api/token_refresh/", null, Map.of("refresh", "not-a-refresh-token"));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("token_not_valid");
    }

    @Test
    void verifyAcceptsAccessAndIdTokensOfThisClient() {
        assertThat(api.post("/api/api/token_verify/", null, Map.of("token", patient.token())).body()).isEqualTo("{}");
        assertThat(api.post("/api/api/token_verify/", null, Map.of("token", patient.tokens().id())).status()).isEqualTo(200);
    }

    @Test
    void verifyRefusesGarbageAndTamperedTokensWithTokenNotValid() {
        String token = patient.token();
        String[] parts = token.split("\\.");
        String tamperedSignature = parts[0] + "." + parts[1] + "." + flip(parts[2]);
        String tamperedClaims = parts[0] + "." + flip(parts[1]) + "." + parts[2];
        for (String bad : new String[] {"garbage", tamperedSignature, tamperedClaims, patient.tokens().refresh()}) {
            var reply = api.post("/api/api/token_verify/", null, Map.of("token", bad));
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.code()).isEqualTo("token_not_valid");
        }
    }

    private static String flip(String part) {
        int middle = part.length() / 2;
        char c = part.charAt(middle);
        return part.substring(0, middle) + (c == 'A' ? 'B' : 'A') + part.substring(middle + 1);
    }
}
