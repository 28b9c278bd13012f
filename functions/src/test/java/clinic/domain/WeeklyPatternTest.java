package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeeklyPatternTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final LocalDate MONDAY = LocalDate.of(2031, 1, 6);
    private static final List<TimeSlot> STANDARD_DAY = standardDay();

    static List<TimeSlot> standardDay() {
        List<TimeRange> ranges = SlotGrid.standardDay();
        return java.util.stream.IntStream.range(0, ranges.size()).mapToObj(i -> new TimeSlot(i + 1, ranges.get(i))).toList();
    }

    private static WeeklyPattern.Hours hours(String from, String to) {
        return new WeeklyPattern.Hours(LocalTime.parse(from), LocalTime.parse(to));
    }

    private static Map<String, String> problems(LocalDate from, LocalDate until, Map<String, List<WeeklyPattern.Hours>> week) {
        try {
            WeeklyPattern.of(from, until, week);
        } catch (Problem.Invalid invalid) {
            return invalid.fields();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void aBreakIsAGapAndAWeekdayLeftOutIsADayOff() {
        WeeklyPattern pattern = WeeklyPattern.of(MONDAY, null, Map.of(
                "monday", List.of(hours("14:00", "15:00"), hours("09:00", "10:00")),
                "wednesday", List.of()));
        assertThat(pattern.slotsOn(MONDAY, STANDARD_DAY, LONDON)).extracting(s -> s.start().toString())
                .containsExactly("09:00", "09:30", "14:00", "14:30");
        assertThat(pattern.slotsOn(MONDAY.plusDays(1), STANDARD_DAY, LONDON)).isEmpty();
        assertThat(pattern.slotsOn(MONDAY.plusDays(2), STANDARD_DAY, LONDON)).isEmpty();
        assertThat(pattern.slotsOn(MONDAY.plusDays(7), STANDARD_DAY, LONDON)).hasSize(4);
        assertThat(pattern.weekView()).containsOnlyKeys("monday");
        assertThat(pattern.weekView().get("monday")).containsExactly(
                Map.of("from", "09:00", "to", "10:00"), Map.of("from", "14:00", "to", "15:00"));
    }

    @Test
    void itIsInForceFromItsFirstDateToItsLastInclusive() {
        WeeklyPattern pattern = WeeklyPattern.of(MONDAY, MONDAY.plusDays(7), Map.of("monday", List.of(hours("09:00", "09:30"))));
        assertThat(pattern.slotsOn(MONDAY.minusDays(7), STANDARD_DAY, LONDON)).isEmpty();
        assertThat(pattern.slotsOn(MONDAY, STANDARD_DAY, LONDON)).hasSize(1);
        assertThat(pattern.slotsOn(MONDAY.plusDays(7), STANDARD_DAY, LONDON)).hasSize(1);
        assertThat(pattern.slotsOn(MONDAY.plusDays(14), STANDARD_DAY, LONDON)).isEmpty();
        assertThat(WeeklyPattern.of(MONDAY, MONDAY, Map.of()).covers(MONDAY)).isTrue();
    }

    @Test
    void aSlotLongerThanHalfAnHourIsFilledOnlyWhenARangeHoldsAllOfIt() {
        WeeklyPattern pattern = WeeklyPattern.of(MONDAY, null, Map.of("monday", List.of(hours("09:00", "10:30"))));
        List<TimeSlot> hourLong = List.of(new TimeSlot(1, new TimeRange(LocalTime.of(9, 0), LocalTime.of(10, 0))),
                new TimeSlot(2, new TimeRange(LocalTime.of(10, 0), LocalTime.of(11, 0))));
        assertThat(pattern.slotsOn(MONDAY, hourLong, LONDON)).extracting(TimeSlot::id).containsExactly(1);
    }

    @Test
    void everyProblemOfARequestIsNamedInOneAnswer() {
        Map<String, List<WeeklyPattern.Hours>> week = new LinkedHashMap<>();
        week.put("monday", List.of(hours("09:15", "10:00"), hours("08:00", "09:00")));
        week.put("tuesday", List.of(hours("12:00", "12:00"), hours("14:00", "13:00")));
        week.put("wednesday", List.of(hours("09:00", "12:00"), hours("11:00", "13:00")));
        week.put("funday", List.of(hours("09:00", "10:00")));
        week.put("thursday", List.of(new WeeklyPattern.Hours(null, LocalTime.of(10, 0))));
        week.put("friday", List.of(hours("20:00", "21:30")));
        Map<String, String> problems = problems(MONDAY, MONDAY.minusDays(1), week);
        assertThat(problems).containsOnlyKeys("until", "week.monday[0].from", "week.monday[1].from", "week.tuesday[0].to",
                "week.tuesday[1].to", "week.wednesday[1]", "week.funday", "week.thursday[0].from", "week.friday[0].to");
        assertThat(problems.get("until")).isEqualTo("must not be before effective_from");
        assertThat(problems.get("week.monday[0].from")).contains("grid");
        assertThat(problems.get("week.monday[1].from")).contains("09:00-21:00");
        assertThat(problems.get("week.tuesday[0].to")).isEqualTo("must be after from");
        assertThat(problems.get("week.wednesday[1]")).isEqualTo("overlaps week.wednesday[0]");
        assertThat(problems.get("week.funday")).startsWith("unknown weekday");
        assertThat(problems.get("week.thursday[0].from")).isEqualTo("is required");
    }

    @Test
    void effectiveFromAndTheWeekAreRequiredAndTouchingRangesDoNotOverlap() {
        assertThat(problems(null, null, null)).containsOnlyKeys("effective_from", "week");
        WeeklyPattern touching = WeeklyPattern.of(MONDAY, null, Map.of("monday", List.of(hours("09:00", "10:00"), hours("10:00", "11:00"))));
        assertThat(touching.slotsOn(MONDAY, STANDARD_DAY, LONDON)).hasSize(4);
        assertThatThrownBy(() -> WeeklyPattern.of(MONDAY, null, Map.of("Monday", List.of()))).isInstanceOf(Problem.Invalid.class);
    }

    @Test
    void aDateThatDoesNotExistInTheZoneGetsNoSlots() {
        // Samoa skipped 30 December 2011 when it moved across the date line: none of its times exist.
        ZoneId apia = ZoneId.of("Pacific/Apia");
        LocalDate skipped = LocalDate.of(2011, 12, 30);
        WeeklyPattern everyDay = WeeklyPattern.of(skipped.minusDays(7), null, Map.of(
                "monday", List.of(hours("09:00", "21:00")), "tuesday", List.of(hours("09:00", "21:00")),
                "wednesday", List.of(hours("09:00", "21:00")), "thursday", List.of(hours("09:00", "21:00")),
                "friday", List.of(hours("09:00", "21:00")), "saturday", List.of(hours("09:00", "21:00")),
                "sunday", List.of(hours("09:00", "21:00"))));
        assertThat(skipped.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(everyDay.slotsOn(skipped, STANDARD_DAY, apia)).isEmpty();
        assertThat(everyDay.slotsOn(skipped.minusDays(1), STANDARD_DAY, apia)).hasSize(24);
        assertThat(everyDay.slotsOn(skipped.plusDays(1), STANDARD_DAY, apia)).hasSize(24);
    }
}
