package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeRangeTest {

    @ParameterizedTest
    @CsvSource({"09:00,09:30", "09:00,21:00", "20:30,21:00", "12:00,13:30"})
    void acceptsRangesOnTheGridWithinOpeningHours(String start, String end) {
        TimeRange range = new TimeRange(LocalTime.parse(start), LocalTime.parse(end));
        assertThat(range.start()).isEqualTo(LocalTime.parse(start));
    }

    @ParameterizedTest
    @CsvSource({
        "09:15,09:45,start_time", "08:30,09:00,start_time", "20:30,21:30,end_time",
        "10:00,10:00,end_time", "11:00,10:30,end_time", "10:00:01,10:30,start_time", "21:00,21:30,end_time"})
    void refusesOffGridOutOfHoursAndEmptyRangesNamingTheField(String start, String end, String field) {
        assertThatThrownBy(() -> new TimeRange(LocalTime.parse(start), LocalTime.parse(end)))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields()).containsKey(field));
    }

    @Test
    void overlapIsStrictSoTouchingRangesDoNotOverlap() {
        TimeRange nineToTen = new TimeRange(LocalTime.of(9, 0), LocalTime.of(10, 0));
        assertThat(nineToTen.overlaps(new TimeRange(LocalTime.of(9, 30), LocalTime.of(10, 30)))).isTrue();
        assertThat(nineToTen.overlaps(new TimeRange(LocalTime.of(10, 0), LocalTime.of(10, 30)))).isFalse();
        assertThat(nineToTen.overlaps(new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 30)))).isTrue();
    }

    @Test
    void theStandardDayIsTwentyFourHalfHoursFromNineToNine() {
        var day = SlotGrid.standardDay();
        assertThat(day).hasSize(24);
        assertThat(day.get(0)).isEqualTo(new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 30)));
        assertThat(day.get(23)).isEqualTo(new TimeRange(LocalTime.of(20, 30), LocalTime.of(21, 0)));
    }
}
