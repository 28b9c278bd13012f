package clinic.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Problem;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsTest {

    @Test
    void idsAreJsonIntegersOrDigitStringsAndNothingElse() {
        assertThat(Fields.of(Map.of("id", 3)).positiveInt("id")).isEqualTo(3);
        assertThat(Fields.of(Map.of("id", "12")).positiveInt("id")).isEqualTo(12);
        for (Object bad : List.of(0, -1, 1.5, 1.0, "1.0", "x", true, List.of(1), 10_000_000_000L)) {
            Fields fields = Fields.of(Map.of("id", bad));
            assertThat(fields.positiveInt("id")).as(String.valueOf(bad)).isNull();
            assertThatThrownBy(fields::check).isInstanceOf(Problem.Invalid.class);
        }
    }

    @Test
    void datesAreStrictIsoDates() {
        assertThat(Fields.of(Map.of("d", "2030-02-28")).date("d")).isEqualTo(LocalDate.of(2030, 2, 28));
        for (String bad : List.of("2030-02-30", "2030-2-1", "30-01-01", "2030/01/01", "2030-01-01T00:00", "+2030-01-01")) {
            Fields fields = Fields.of(Map.of("d", bad));
            assertThat(fields.date("d")).as(bad).isNull();
        }
    }

    @Test
    void everyProblemIsReportedInOneError() {
        Fields fields = Fields.of(Map.of("flag", "yes"));
        fields.string("name");
        fields.optionalBoolean("flag", false);
        fields.time("at");
        assertThatThrownBy(fields::check).isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields())
                .isEqualTo(Map.of("name", "is required", "flag", "must be true or false", "at", "is required")));
    }

    @Test
    void aNonObjectBodyIsRefused() {
        assertThatThrownBy(() -> Fields.of(List.of())).isInstanceOf(Problem.Invalid.class);
        assertThatThrownBy(() -> Fields.of("text")).isInstanceOf(Problem.Invalid.class);
    }
}
