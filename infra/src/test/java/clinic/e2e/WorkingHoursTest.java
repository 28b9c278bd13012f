package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Availability;
import clinic.store.WorkingHoursStore;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Race;
import clinic.support.Users.User;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, working hours: a doctor's weekly pattern keeps the coming weeks' availabilities, at once
 * and daily; it never touches booked or held slots nor a date edited by hand; a change that drops
 * booked hours lists them; over HTTP, with the audit after each.
 */
class WorkingHoursTest extends EndToEndTest {
    private static final int HORIZON_DAYS = 8 * 7;

    private WorkingHoursStore hours() {
        return new WorkingHoursStore(stack.app().table());
    }

    private LocalDate today() {
        return stack.app().clock().today();
    }

    /** The first Monday after today (a date the pattern fills whole: no slot of it has started). */
    private LocalDate nextMonday() {
        return today().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }

    private static Map<String, Object> range(String from, String to) {
        return Map.of("from", from, "to", to);
    }

    private static Map<String, Object> pattern(LocalDate from, Map<String, Object> week) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("effective_from", from.toString());
        body.put("until", null);
        body.put("week", week);
        return body;
    }

    private Api.Reply setHours(User caller, User doctor, Map<String, Object> body) {
        return api.put("/api/doctors/" + doctor.id() + "/hours", caller.token(), body);
    }

    private Map<String, Object> setHoursOk(User caller, User doctor, Map<String, Object> body) {
        Api.Reply reply = setHours(caller, doctor, body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object();
    }

    /** The doctor's availabilities over the horizon, as date -> slot ids -> status. */
    private Map<LocalDate, Map<Integer, Availability.Status>> schedule(User doctor) {
        Map<LocalDate, Map<Integer, Availability.Status>> byDate = new TreeMap<>();
        for (Availability a : hours().availabilities(doctor.id(), today(), today().plusDays(HORIZON_DAYS + 7))) {
            byDate.computeIfAbsent(a.date(), d -> new TreeMap<>()).put(a.slot().id(), a.status());
        }
        return byDate;
    }

    private List<Availability> stored(User doctor) {
        return hours().availabilities(doctor.id(), today(), today().plusDays(HORIZON_DAYS + 7));
    }

    @Test
    void aPatternFillsTheHorizonWithTheHalfHoursItNamesAndSettingItAgainChangesNothing() {
        User doctor = users.doctor("Wendy Week");
        LocalDate monday = nextMonday();
        // Monday 09:00-10:00 and 14:00-14:30 (a break between), Wednesday 09:00-09:30; every other day off.
        var body = pattern(monday, Map.of("monday", List.of(range("09:00", "10:00"), range("14:00", "14:30")),
                "wednesday", List.of(range("09:00", "09:30"))));
        var answer = setHoursOk(doctor, doctor, body);
        assertThat(answer).containsEntry("effective_from", monday.toString()).containsEntry("conflicts", List.of());

        Map<LocalDate, Map<Integer, Availability.Status>> expected = new TreeMap<>();
        LocalDate last = today().plusDays(HORIZON_DAYS - 1);
        for (LocalDate d = monday; !d.isAfter(last); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.MONDAY) {
                expected.put(d, Map.of(1, Availability.Status.OPEN, 2, Availability.Status.OPEN, 11, Availability.Status.OPEN));
            } else if (d.getDayOfWeek() == DayOfWeek.WEDNESDAY) {
                expected.put(d, Map.of(1, Availability.Status.OPEN));
            }
        }
        assertThat(schedule(doctor)).isEqualTo(expected);
        List<Availability> before = stored(doctor);

        setHoursOk(doctor, doctor, body);
        String rolled = stack.functions().invoke("RollWorkingHours", "{}");
        assertThat(rolled).contains("\"declared\":0");
        assertThat(stored(doctor)).as("ids and versions too: nothing was written again").containsExactlyInAnyOrderElementsOf(before);

        var listed = api.get("/api/doctors/" + doctor.id() + "/hours", doctor.token());
        assertThat(listed.status()).isEqualTo(200);
        assertThat((List<?>) listed.object().get("patterns")).singleElement().satisfies(p -> assertThat(asMap(p))
                .containsEntry("effective_from", monday.toString()).containsEntry("until", null)
                .containsEntry("week", Map.of("monday", List.of(range("09:00", "10:00"), range("14:00", "14:30")),
                        "wednesday", List.of(range("09:00", "09:30")))));
        assertAuditClean();
    }

    @Test
    void anAdminSetsADoctorsHoursAndALaterPatternTakesOverFromItsDate() {
        User admin = users.admin();
        User doctor = users.doctor("Alan Admin-Set");
        LocalDate monday = nextMonday();
        setHoursOk(admin, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "09:30")))));
        setHoursOk(admin, doctor, pattern(monday.plusWeeks(2), Map.of("tuesday", List.of(range("10:00", "10:30")))));
        var schedule = schedule(doctor);
        assertThat(schedule).containsKeys(monday, monday.plusWeeks(1)).doesNotContainKey(monday.plusWeeks(2));
        assertThat(schedule.get(monday.plusWeeks(2).plusDays(1))).isEqualTo(Map.of(3, Availability.Status.OPEN));
        var listed = api.get("/api/doctors/" + doctor.id() + "/hours", admin.token()).object();
        assertThat(((List<?>) listed.get("patterns")).stream().map(p -> asMap(p).get("effective_from")).toList())
                .containsExactly(monday.toString(), monday.plusWeeks(2).toString());
        assertAuditClean();
    }

    @Test
    void bookedSlotsANewPatternDropsAreListedAsConflictsAndStayBooked() {
        User doctor = users.doctor("Carl Conflict");
        User patient = users.patient("Bea Booked");
        LocalDate monday = nextMonday();
        setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "10:00")))));
        var appointment = booked(patient, doctor, monday.toString(), 2);

        var answer = setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("15:00", "15:30")))));
        assertThat((List<?>) answer.get("conflicts")).singleElement().satisfies(c -> assertThat(asMap(c))
                .containsEntry("appointment", appointment.get("id")).containsEntry("date", monday.toString())
                .containsEntry("time_slot", 2).containsEntry("start_time", "09:30:00"));
        assertThat(api.get("/api/appointments/" + appointment.get("id") + "/", patient.token()).object()).containsEntry("status", "booked");
        assertThat(schedule(doctor).get(monday)).isEqualTo(Map.of(2, Availability.Status.BOOKED, 13, Availability.Status.OPEN));
        assertAuditClean();
    }

    @Test
    void aDateEditedByHandIsTheDoctorsAndThePatternLeavesItAlone() {
        User doctor = users.doctor("Hal Hand");
        LocalDate monday = nextMonday();
        setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "10:00")))));
        String slot1 = stored(doctor).stream().filter(a -> a.date().equals(monday) && a.slot().id() == 1).findFirst().orElseThrow().id();
        assertThat(api.delete("/api/availabilities/" + slot1 + "/", doctor.token()).status()).isEqualTo(204);

        setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "11:00")))));
        var schedule = schedule(doctor);
        assertThat(schedule.get(monday)).as("edited by hand: as the doctor left it").isEqualTo(Map.of(2, Availability.Status.OPEN));
        assertThat(schedule.get(monday.plusWeeks(1))).as("not edited: follows the pattern").containsOnlyKeys(1, 2, 3, 4);
        assertAuditClean();
    }

    /** A move within one date marks that date once (it was marked twice, Set.of refused the duplicate: 500). */
    @Test
    void aMoveWithinADateIsAHandEditOfThatDate() {
        User doctor = users.doctor("Mo Move");
        LocalDate monday = nextMonday();
        setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "09:30")))));
        String slot1 = stored(doctor).stream().filter(a -> a.date().equals(monday)).findFirst().orElseThrow().id();
        var moved = api.put("/api/availabilities/" + slot1 + "/", doctor.token(),
                Map.of("date", monday.toString(), "time_slot", 5, "is_available", true));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "10:00")))));
        assertThat(schedule(doctor).get(monday)).isEqualTo(Map.of(5, Availability.Status.OPEN));
        assertThat(schedule(doctor).get(monday.plusWeeks(1)).keySet()).isEqualTo(Set.of(1, 2));
        assertAuditClean();
    }

    /** Slots declared before marks existed (no mark on their date) before the first pattern's date are not the pattern's. */
    @Test
    void datesBeforeTheDoctorsFirstPatternAreLeftAsTheyWere() {
        User doctor = users.doctor("Lea Legacy");
        LocalDate monday = nextMonday();
        var profile = new clinic.domain.UserRef(doctor.id(), doctor.username(), doctor.name());
        var slot = stack.app().timeSlots().get(1);
        new clinic.store.AvailabilityStore(stack.app().table()).declare(List.of(new Availability(java.util.UUID.randomUUID().toString(),
                profile, monday, slot, Availability.Status.OPEN, null)));
        setHoursOk(doctor, doctor, pattern(monday.plusWeeks(1), Map.of("tuesday", List.of(range("09:00", "09:30")))));
        assertThat(schedule(doctor).get(monday)).isEqualTo(Map.of(1, Availability.Status.OPEN));
        assertThat(schedule(doctor).get(monday.plusWeeks(1).plusDays(1))).isEqualTo(Map.of(1, Availability.Status.OPEN));
        assertAuditClean();
    }

    @Test
    void aDateWithWaitersGetsItsOfferWhenThePatternFillsIt() {
        User doctor = users.doctor("Olga Offer");
        User patient = users.patient("Will Waiter");
        LocalDate monday = nextMonday();
        var joined = api.post("/api/waitlist/", patient.token(), Map.of("doctor", doctor.id(), "date", monday.toString()));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "10:00")))));
        var entry = api.get("/api/waitlist/", patient.token()).array().stream()
                .filter(e -> e.get("id").equals(joined.object().get("id"))).findFirst().orElseThrow();
        assertThat(entry.get("offer")).as("the waiter is offered the first slot the pattern declared").isNotNull();
        assertThat(schedule(doctor).get(monday)).containsValue(Availability.Status.HELD);
        assertAuditClean();
    }

    @Test
    void theDailyRollForwardFillsTheHorizonsNewLastDate() {
        User doctor = users.doctor("Rita Roll");
        // Every day worked, so the new last date is worked whatever its weekday.
        Map<String, Object> week = new HashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d.name().toLowerCase(java.util.Locale.ROOT), List.of(range("20:00", "21:00")));
        }
        setHoursOk(doctor, doctor, pattern(today().plusDays(1), week));
        LocalDate newLast = today().plusDays(HORIZON_DAYS);
        assertThat(schedule(doctor)).doesNotContainKey(newLast);

        stack.clock().advance(Duration.ofDays(1));
        assertThat(stack.scheduler().fireRecurringDue()).contains("RollWorkingHours");
        assertThat(schedule(doctor).get(newLast)).isEqualTo(Map.of(23, Availability.Status.OPEN, 24, Availability.Status.OPEN));
        assertAuditClean();
    }

    @Test
    void badInputIsA400NamingEachFieldAndChangesNothing() {
        User doctor = users.doctor("Bess Bad");
        LocalDate monday = nextMonday();
        setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "09:30")))));
        List<Availability> before = stored(doctor);
        Map<Map<String, Object>, Set<String>> cases = new LinkedHashMap<>();
        cases.put(pattern(monday, Map.of("monday", List.of(range("09:15", "10:00")))), Set.of("week.monday[0].from"));
        cases.put(pattern(monday, Map.of("monday", List.of(range("08:00", "10:00")))), Set.of("week.monday[0].from"));
        cases.put(pattern(monday, Map.of("monday", List.of(range("10:00", "10:00")))), Set.of("week.monday[0].to"));
        cases.put(pattern(monday, Map.of("monday", List.of(range("09:00", "11:00"), range("10:00", "12:00")))), Set.of("week.monday[1]"));
        cases.put(pattern(monday, Map.of("funday", List.of(range("09:00", "10:00")))), Set.of("week.funday"));
        cases.put(pattern(monday, Map.of("monday", "all day")), Set.of("week.monday"));
        cases.put(pattern(monday, Map.of("monday", List.of("09:00-10:00"))), Set.of("week.monday[0]"));
        cases.put(pattern(monday, Map.of("monday", List.of(Map.of("from", 9, "to", "ten")))), Set.of("week.monday[0].from", "week.monday[0].to"));
        cases.put(pattern(today().minusDays(1), Map.of()), Set.of("effective_from"));
        var untilBefore = pattern(monday, Map.of());
        untilBefore.put("until", monday.minusDays(1).toString());
        cases.put(untilBefore, Set.of("until"));
        cases.put(Map.of("week", Map.of()), Set.of("effective_from"));
        cases.put(Map.of("effective_from", "next monday", "week", List.of()), Set.of("effective_from", "week"));
        cases.put(Map.of("effective_from", monday.toString()), Set.of("week"));
        for (var c : cases.entrySet()) {
            Api.Reply reply = setHours(doctor, doctor, c.getKey());
            assertThat(reply.status()).as(c.getKey() + " -> " + reply).isEqualTo(400);
            assertThat(reply.fields().keySet()).as(c.getKey().toString()).isEqualTo(c.getValue());
        }
        assertThat(api.put("/api/doctors/" + doctor.id() + "/hours", doctor.token(), List.of()).status()).isEqualTo(400);
        User patient = users.patient("Pia Patient");
        assertThat(api.put("/api/doctors/not-an-id/hours", users.admin().token(), pattern(monday, Map.of())).status()).isEqualTo(404);
        assertThat(setHours(users.admin(), patient, pattern(monday, Map.of())).status()).as("a patient has no hours").isEqualTo(404);
        assertThat(api.get("/api/doctors/" + patient.id() + "/hours", users.admin().token()).status()).isEqualTo(404);
        assertThat(setHours(users.doctor("Otto Other"), doctor, pattern(monday, Map.of())).status()).isEqualTo(403);

        assertThat(stored(doctor)).as("data unchanged").containsExactlyInAnyOrderElementsOf(before);
        assertThat((List<?>) api.get("/api/doctors/" + doctor.id() + "/hours", doctor.token()).object().get("patterns")).hasSize(1);
        assertAuditClean();
    }

    /**
     * A pattern change that drops a slot races a patient booking it: either the booking lands first
     * and the change lists it as a conflict (the slot stays booked), or the change removes the slot
     * first and the booking is refused. Never a booking on a removed slot, never a lost one.
     */
    @Test
    void aPatternChangeRacingABookingNeverLosesTheBooking() throws Exception {
        LocalDate monday = nextMonday();
        try (Race race = new Race(2)) {
            for (int round = 0; round < 6; round++) {
                User doctor = users.doctor("Rae Race" + round);
                User patient = users.patient("Pru Racer" + round);
                setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "09:30")))));
                var replies = race.run(
                        () -> setHours(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("10:00", "10:30"))))),
                        () -> book(patient, doctor, monday.toString(), 1));
                assertThat(replies.get(0).status()).isEqualTo(200);
                List<?> conflicts = (List<?>) replies.get(0).object().get("conflicts");
                var slot1 = schedule(doctor).getOrDefault(monday, Map.of()).get(1);
                if (replies.get(1).status() == 201) {
                    assertThat(slot1).isEqualTo(Availability.Status.BOOKED);
                    // Booked after the change read the date: no conflict then; before: listed.
                    assertThat(conflicts.size()).isLessThanOrEqualTo(1);
                    setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("10:00", "10:30")))));
                    assertThat(schedule(doctor).get(monday)).containsEntry(1, Availability.Status.BOOKED);
                } else {
                    assertThat(replies.get(1).code()).as(replies.get(1).toString()).isEqualTo("SLOT_UNAVAILABLE");
                    assertThat(slot1).isNull();
                    assertThat(conflicts).isEmpty();
                }
                assertAuditClean();
            }
        }
    }

    /**
     * A pattern change races the doctor closing a slot by hand on the same date: if the hand edit
     * is answered 200, the date is the doctor's: the slot stays closed and the pattern added
     * nothing to that date, whichever came first.
     */
    @Test
    void aPatternChangeRacingAHandEditLeavesTheHandEditStanding() throws Exception {
        LocalDate monday = nextMonday();
        try (Race race = new Race(2)) {
            for (int round = 0; round < 6; round++) {
                User doctor = users.doctor("Eda Edit" + round);
                setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "09:30")))));
                String slot1 = stored(doctor).stream().filter(a -> a.date().equals(monday)).findFirst().orElseThrow().id();
                var replies = race.run(
                        () -> setHours(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("09:00", "11:00"))))),
                        () -> api.put("/api/availabilities/" + slot1 + "/", doctor.token(),
                                Map.of("date", monday.toString(), "time_slot", 1, "is_available", false)));
                assertThat(replies.get(0).status()).isEqualTo(200);
                assertThat(replies.get(1).status()).as(replies.get(1).toString()).isEqualTo(200);
                Map<Integer, Availability.Status> date = schedule(doctor).get(monday);
                // The close was read and written after the mark: the pattern saw the mark, or had filled the date before it.
                assertThat(date).containsEntry(1, Availability.Status.CLOSED);
                assertThat(date.keySet()).isIn(Set.of(1), Set.of(1, 2, 3, 4));
                // From now on the date is the doctor's: another change leaves it exactly as it is.
                setHoursOk(doctor, doctor, pattern(monday, Map.of("monday", List.of(range("12:00", "13:00")))));
                assertThat(schedule(doctor).get(monday)).isEqualTo(date);
                assertThat(schedule(doctor).get(monday.plusWeeks(1)).keySet()).isEqualTo(Set.of(7, 8));
                assertAuditClean();
            }
        }
    }

    /**
     * The day's roll-forward races the doctor deleting, by hand, the slot of a date in the days it
     * fills: the date is the doctor's either way, so the slot is not declared again, then or later.
     */
    @Test
    void theRollForwardRacingAHandEditLeavesTheHandEditStanding() throws Exception {
        LocalDate last = today().plusDays(HORIZON_DAYS - 1);
        LocalDate rolled = last.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        try (Race race = new Race(2)) {
            for (int round = 0; round < 4; round++) {
                User doctor = users.doctor("Rob Rollrace" + round);
                setHoursOk(doctor, doctor, pattern(nextMonday(), Map.of("monday", List.of(range("09:00", "09:30")))));
                String slot = stored(doctor).stream().filter(a -> a.date().equals(rolled)).findFirst().orElseThrow().id();
                var replies = race.run(
                        () -> new Api.Reply(200, Map.of(), stack.functions().invoke("RollWorkingHours", "{}")),
                        () -> api.delete("/api/availabilities/" + slot + "/", doctor.token()));
                assertThat(replies.get(1).status()).as(replies.get(1).toString()).isEqualTo(204);
                stack.functions().invoke("RollWorkingHours", "{}");
                setHoursOk(doctor, doctor, pattern(nextMonday(), Map.of("monday", List.of(range("09:00", "09:30")))));
                assertThat(schedule(doctor)).as("the date edited by hand stays as the doctor left it").doesNotContainKey(rolled);
                assertThat(schedule(doctor)).containsKey(rolled.minusWeeks(1));
                assertAuditClean();
            }
        }
    }
}
