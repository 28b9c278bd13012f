package clinic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** IsoText reads what java.time reads, and refuses what it refuses. */
class IsoTextTest {

    @Property(tries = 500)
    void readsEveryInstantTheStoreWritesAsInstantParseDoes(@ForAll("instants") Instant instant) {
        String text = instant.toString();
        assertThat(IsoText.instant(text)).isEqualTo(Instant.parse(text));
        LocalDateTime local = LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
        assertThat(IsoText.dateTime(local.toString())).isEqualTo(LocalDateTime.parse(local.toString()));
        assertThat(IsoText.date(local.toLocalDate().toString())).isEqualTo(local.toLocalDate());
        assertThat(IsoText.time(local.toLocalTime().toString())).isEqualTo(local.toLocalTime());
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1000), Arbitraries.integers().between(0, 999_999_999));
        return net.jqwik.api.Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Test
    void textsOutsideTheFixedFormAreReadOrRefusedAsJavaTimeDoes() {
        List<String> texts = List.of("2026-12-07T22:01:51Z", "2026-12-07t22:01:51z", "2026-12-07T23:59:60Z", "2026-12-07T24:00:00Z",
                "2026-02-30T10:00:00Z", "2026-12-07T10:00Z", "2026-12-07T10:00:00.Z", "2026-12-07T10:00:00.1234567891Z",
                "+12026-12-07T10:00:00Z", "-2026-12-07T10:00:00Z", "2026-1-07T10:00:00Z", "2026-12-07T1:00:00Z", "2026-12-07T10:00:00+01:00",
                "2026-12-07", "2026-02-29", "2024-02-29", "0000-01-01", "10:00", "10:00:00", "10:00:00.5", "24:00", "9:00", "10:60", "-1:00",
                "10:00:0a", "2026-12-07T10:00", "2026-12-07T10:00:00.123", "2026-12-07 10:00", "", "x", "2026-12-07T");
        for (String text : texts) {
            same(text, IsoText::instant, Instant::parse);
            same(text, IsoText::date, LocalDate::parse);
            same(text, IsoText::time, LocalTime::parse);
            same(text, IsoText::dateTime, LocalDateTime::parse);
        }
    }

    private static <T> void same(String text, Function<String, T> fast, Function<String, T> javaTime) {
        T expected;
        try {
            expected = javaTime.apply(text);
        } catch (DateTimeException refused) {
            assertThatThrownBy(() -> fast.apply(text)).as(text).isInstanceOf(refused.getClass());
            return;
        }
        assertThat(fast.apply(text)).as(text).isEqualTo(expected);
    }
}
