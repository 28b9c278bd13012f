package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Problem;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsTest {

    private static Fields of(Map<String, ?> body) {
        return Fields.of(Json.read(Json.write(body)));
    }

    @Test
    void idsAreJsonIntegersOrDigitStringsAndNothingElse() {
        assertThat(of(Map.of("id", 3)).positiveInt("id")).isEqualTo(3);
        assertThat(of(Map.of("id", "12")).positiveInt("id")).isEqualTo(12);
        for (Object bad : List.of(0, -1, 1.5, 1.0, "1.0", "x", true, List.of(1), 10_000_000_000L,
                new java.math.BigInteger("123456789012345678901234567890"))) {
            Fields fields = of(Map.of("id", bad));
            assertThat(fields.positiveInt("id")).as(String.valueOf(bad)).isNull();
            assertThatThrownBy(fields::check).isInstanceOf(Problem.Invalid.class);
        }
    }

    @Test
    void datesAreStrictIsoDates() {
        assertThat(of(Map.of("d", "2030-02-28")).date("d")).isEqualTo(LocalDate.of(2030, 2, 28));
        for (String bad : List.of("2030-02-30", "2030-2-1", "30-01-01", "2030/01/01", "2030-01-01T00:00", "+2030-01-01")) {
            Fields fields = of(Map.of("d", bad));
            assertThat(fields.date("d")).as(bad).isNull();
        }
    }

    @Test
    void everyProblemIsReportedInOneError() {
        Fields fields = of(Map.of("flag", "yes", "count", "7", "user", Map.of("email", 5)));
        fields.string("name");
        fields.optionalBoolean("flag", false);
        fields.time("at");
        fields.optionalString("count");
        Fields user = fields.object("user");
        user.string("username");
        user.string("email");
        assertThatThrownBy(fields::check).isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields())
                .isEqualTo(Map.of("name", "is required", "flag", "must be true or false", "at", "is required",
                        "user.username", "is required", "user.email", "must be a string")));
    }

    @Test
    void nullIsTheSameAsAbsent() {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", null);
        body.put("flag", null);
        Fields fields = of(body);
        assertThat(fields.has("name")).isFalse();
        assertThat(fields.optionalString("name")).isNull();
        assertThat(fields.optionalBoolean("flag", true)).isTrue();
        assertThat(fields.differsFrom("name", "x")).isFalse();
        fields.check();
    }

    @Test
    void differsFromIsTrueForAnythingButTheExpectedString() {
        assertThat(of(Map.of("patient", "me")).differsFrom("patient", "me")).isFalse();
        for (Object other : List.of("you", 5, true, List.of("me"), Map.of("id", "me"))) {
            assertThat(of(Map.of("patient", other)).differsFrom("patient", "me")).as(String.valueOf(other)).isTrue();
        }
    }

    @Test
    void aNonObjectBodyIsRefused() {
        for (String body : List.of("[]", "\"text\"", "3", "null", "true")) {
            assertThatThrownBy(() -> Fields.of(Json.read(body))).as(body).isInstanceOf(Problem.Invalid.class);
        }
    }
}
