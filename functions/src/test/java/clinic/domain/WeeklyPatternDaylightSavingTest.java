package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.views.Ics;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 19, "Time": in zones with daylight saving, over dates around every transition, the weekly
 * pattern yields exactly the wall-clock half hours it names (none missing, none doubled), and every
 * instant the service derives from such a slot (the clock's, the booking and waitlist events', the
 * calendar feed's and an offer's deadline cap) is that wall-clock time in the zone, once.
 */
class WeeklyPatternDaylightSavingTest {
    private static final List<String> ZONES = List.of("Europe/London", "America/New_York", "Australia/Lord_Howe");
    private static final List<TimeSlot> STANDARD_DAY = WeeklyPatternTest.standardDay();
    private static final UserRef DOCTOR = new UserRef("d1", "grey", "Meredith Grey");
    private static final UserRef PATIENT = new UserRef("p1", "pat", "Pat Jones");
    private static final DateTimeFormatter ICS_UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** A date a few days either side of a transition of the zone's rules, 2025 to 2045. */
    record AroundTransition(ZoneId zone, ZoneOffsetTransition transition, LocalDate date) {}

    @Provide
    Arbitrary<AroundTransition> datesAroundTransitions() {
        List<AroundTransition> all = new ArrayList<>();
        for (String name : ZONES) {
            ZoneId zone = ZoneId.of(name);
            Instant at = Instant.parse("2025-01-01T00:00:00Z");
            for (ZoneOffsetTransition t = zone.getRules().nextTransition(at); t != null && t.getInstant().isBefore(Instant.parse("2046-01-01T00:00:00Z"));
                 t = zone.getRules().nextTransition(t.getInstant())) {
                LocalDate day = t.getDateTimeBefore().toLocalDate();
                for (int d = -3; d <= 3; d++) {
                    all.add(new AroundTransition(zone, t, day.plusDays(d)));
                }
            }
        }
        return Arbitraries.of(all);
    }

    /** A valid week: for each weekday, up to three non-overlapping ranges on the grid, or a day off. */
    @Provide
    Arbitrary<Map<String, List<WeeklyPattern.Hours>>> weeks() {
        Arbitrary<List<WeeklyPattern.Hours>> day = Arbitraries.integers().between(0, 24).set().ofMaxSize(6)
                .map(WeeklyPatternDaylightSavingTest::rangesFromCuts);
        return Combinators.combine(day.list().ofSize(7), Arbitraries.of(true, false).list().ofSize(7)).as((days, worked) -> {
            Map<String, List<WeeklyPattern.Hours>> week = new LinkedHashMap<>();
            for (DayOfWeek d : DayOfWeek.values()) {
                if (worked.get(d.ordinal())) {
                    week.put(d.name().toLowerCase(Locale.ROOT), days.get(d.ordinal()));
                }
            }
            return week;
        });
    }

    /** Sorted cut points of the day's 24 half hours, paired into ranges: [c0,c1), [c2,c3)... */
    private static List<WeeklyPattern.Hours> rangesFromCuts(Set<Integer> cuts) {
        List<Integer> sorted = cuts.stream().sorted().toList();
        List<WeeklyPattern.Hours> ranges = new ArrayList<>();
        for (int i = 0; i + 1 < sorted.size(); i += 2) {
            ranges.add(new WeeklyPattern.Hours(halfHour(sorted.get(i)), halfHour(sorted.get(i + 1))));
        }
        return ranges;
    }

    private static LocalTime halfHour(int n) {
        return SlotGrid.OPENS.plusMinutes(30L * n);
    }

    /** The wall-clock half hours a week names on a weekday, computed from the request, not from the pattern. */
    private static List<LocalTime> named(Map<String, List<WeeklyPattern.Hours>> week, DayOfWeek day) {
        List<LocalTime> times = new ArrayList<>();
        for (WeeklyPattern.Hours h : week.getOrDefault(day.name().toLowerCase(Locale.ROOT), List.of())) {
            for (LocalTime t = h.from(); t.isBefore(h.to()); t = t.plusMinutes(30)) {
                times.add(t);
            }
        }
        return times.stream().sorted().toList();
    }

    @Property(tries = 400)
    void thePatternYieldsExactlyTheHalfHoursItNamesAndEachInstantIsThatWallClockTime(
            @ForAll("datesAroundTransitions") AroundTransition around, @ForAll("weeks") Map<String, List<WeeklyPattern.Hours>> week) {
        ZoneId zone = around.zone();
        WeeklyPattern pattern = WeeklyPattern.of(around.date().minusDays(3), null, week);
        List<TimeSlot> slots = pattern.slotsOn(around.date(), STANDARD_DAY, zone);
        assertThat(slots).extracting(TimeSlot::start).containsExactlyElementsOf(named(week, around.date().getDayOfWeek()));
        ClinicClock clock = new ClinicClock(Clock.fixed(around.transition().getInstant().minus(Duration.ofDays(30)), zone), zone);
        Instant previousEnd = null;
        for (TimeSlot slot : slots) {
            Instant start = clock.at(around.date(), slot.start()).toInstant();
            Instant end = clock.at(around.date(), slot.end()).toInstant();
            assertThat(start.atZone(zone).toLocalDateTime()).isEqualTo(around.date().atTime(slot.start()));
            assertThat(end.atZone(zone).toLocalDateTime()).isEqualTo(around.date().atTime(slot.end()));
            assertThat(Duration.between(start, end)).isEqualTo(Duration.ofMinutes(30));
            if (previousEnd != null) {
                assertThat(start).isAfterOrEqualTo(previousEnd);
            }
            previousEnd = end;
            assertEveryDerivedInstantIs(start, end, around.date(), slot, zone, clock);
        }
    }

    /** The instants events, the calendar feed and an offer's deadline derive agree with the clock's. */
    private static void assertEveryDerivedInstantIs(Instant start, Instant end, LocalDate date, TimeSlot slot, ZoneId zone,
                                                    ClinicClock clock) {
        Appointment appointment = new Appointment("a1", PATIENT, DOCTOR, date, slot, Appointment.Status.BOOKED, clock.now(), 1);
        Map<String, Object> booked = BookingEvent.booked(appointment, "p1", clock.now()).detail(zone);
        assertThat(booked).containsEntry("start", start.toString()).containsEntry("end", end.toString());
        Appointment received = BookingEvent.fromDetail(booked, zone).appointment();
        assertThat(received.date()).isEqualTo(date);
        assertThat(received.slot().range()).isEqualTo(slot.range());

        WaitlistEntry entry = new WaitlistEntry("e1", PATIENT, DOCTOR, date, Optional.empty(), clock.now(), Optional.empty());
        Map<String, Object> offered = WaitlistEvent.offered(entry, slot, start, "o1", clock.now()).detail(zone);
        assertThat(offered).containsEntry("start", start.toString()).containsEntry("end", end.toString());

        String ics = Ics.calendar(List.of(appointment), Role.PATIENT, zone, clock.now());
        assertThat(ics).contains("DTSTART:" + ICS_UTC.format(start)).contains("DTEND:" + ICS_UTC.format(end));

        // An offer made long before is held until the slot's start at the latest (rule 5).
        assertThat(Offer.deadline(clock.now(), Duration.ofDays(3650), clock.at(date, slot.start()).toInstant())).isEqualTo(start);
        assertThat(clock.hasStarted(date, slot.start())).isFalse();
        assertThat(new ClinicClock(Clock.fixed(start, zone), zone).hasStarted(date, slot.start())).isTrue();
        assertThat(new ClinicClock(Clock.fixed(start.minusMillis(1), zone), zone).hasStarted(date, slot.start())).isFalse();
    }

    @Property(tries = 200)
    void overManyDaysAroundATransitionNoInstantIsYieldedTwice(
            @ForAll("datesAroundTransitions") AroundTransition around, @ForAll("weeks") Map<String, List<WeeklyPattern.Hours>> week) {
        ZoneId zone = around.zone();
        WeeklyPattern pattern = WeeklyPattern.of(around.date().minusDays(7), null, week);
        ClinicClock clock = new ClinicClock(Clock.systemUTC(), zone);
        Set<Instant> starts = new HashSet<>();
        int expected = 0;
        for (LocalDate date = around.date().minusDays(4); !date.isAfter(around.date().plusDays(4)); date = date.plusDays(1)) {
            expected += named(week, date.getDayOfWeek()).size();
            for (TimeSlot slot : pattern.slotsOn(date, STANDARD_DAY, zone)) {
                assertThat(starts.add(clock.at(date, slot.start()).toInstant())).as("%s %s yielded once", date, slot.start()).isTrue();
            }
        }
        assertThat(starts).hasSize(expected);
    }

    /**
     * No zone of the three moves its clocks within the clinic's day, so the rule for a half hour that
     * does not exist or exists twice is pinned on a zone that does: it moves at noon.
     */
    @Example
    void aHalfHourInAGapIsNotYieldedAndOneInAnOverlapIsYieldedOnceAtItsEarlierInstant() {
        ZoneId zone = NoonShift.zone();
        // Both shifts fall on a Sunday.
        assertThat(NoonShift.SPRING.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(NoonShift.AUTUMN.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        WeeklyPattern allDay = WeeklyPattern.of(NoonShift.SPRING.minusDays(1), null,
                Map.of("sunday", List.of(new WeeklyPattern.Hours(LocalTime.of(9, 0), LocalTime.of(21, 0)))));
        ClinicClock clock = new ClinicClock(Clock.systemUTC(), zone);

        List<TimeSlot> spring = allDay.slotsOn(NoonShift.SPRING, STANDARD_DAY, zone);
        assertThat(spring).extracting(TimeSlot::start).doesNotContain(LocalTime.of(12, 0), LocalTime.of(12, 30)).hasSize(22);
        List<Instant> springStarts = spring.stream().map(s -> clock.at(NoonShift.SPRING, s.start()).toInstant()).toList();
        assertThat(springStarts).doesNotHaveDuplicates().isSorted();
        for (TimeSlot s : spring) {
            assertThat(clock.at(NoonShift.SPRING, s.start()).toLocalTime()).isEqualTo(s.start());
        }

        List<TimeSlot> autumn = allDay.slotsOn(NoonShift.AUTUMN, STANDARD_DAY, zone);
        assertThat(autumn).hasSize(24);
        // 11:00 and 11:30 happen twice; each is one slot, at the first time round (+01:00).
        assertThat(clock.at(NoonShift.AUTUMN, LocalTime.of(11, 0)).getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(clock.at(NoonShift.AUTUMN, LocalTime.of(12, 0)).getOffset()).isEqualTo(ZoneOffset.UTC);
        List<Instant> autumnStarts = autumn.stream().map(s -> clock.at(NoonShift.AUTUMN, s.start()).toInstant()).toList();
        assertThat(autumnStarts).doesNotHaveDuplicates().isSorted();
    }

    /** A made-up zone ("Test/NoonShift") whose clocks go forward and back an hour at noon. */
    static final class NoonShift extends ZoneRulesProvider {
        static final LocalDate SPRING = LocalDate.of(2031, 3, 30);
        static final LocalDate AUTUMN = LocalDate.of(2031, 10, 26);
        private static final String ID = "Test/NoonShift";

        static {
            ZoneRulesProvider.registerProvider(new NoonShift());
        }

        static ZoneId zone() {
            return ZoneId.of(ID);
        }

        @Override
        protected Set<String> provideZoneIds() {
            return Set.of(ID);
        }

        @Override
        protected ZoneRules provideRules(String zoneId, boolean forCaching) {
            ZoneOffset winter = ZoneOffset.UTC;
            ZoneOffset summer = ZoneOffset.ofHours(1);
            List<ZoneOffsetTransition> transitions = List.of(
                    ZoneOffsetTransition.of(LocalDateTime.of(SPRING, LocalTime.NOON), winter, summer),
                    ZoneOffsetTransition.of(LocalDateTime.of(AUTUMN, LocalTime.NOON), summer, winter));
            return ZoneRules.of(winter, winter, List.of(), transitions, List.of());
        }

        @Override
        protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
            return new TreeMap<>(Map.of("1", provideRules(zoneId, false)));
        }
    }
}
