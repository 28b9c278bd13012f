package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Availability;
import clinic.infra.LocalMail;
import clinic.store.WorkingHoursStore;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.HalfSeen;
import clinic.support.Race;
import clinic.support.TestStack;
import clinic.support.Users.User;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, time off: it closes the open slots of its dates (through the lifecycle's CLOSE), keeps
 * the weekly pattern from filling them, lists the booked appointments it leaves; ending it gives the
 * dates back to the pattern at once. Over HTTP, with the audit after each.
 */
class TimeOffTest extends EndToEndTest {
    private static final int HORIZON_DAYS = 8 * 7;

    /**
     * Run once, on the request's own thread, just before the first write of a new time off's record leaves
     * (a PutItem, or a TransactWriteItems putting it): a competitor comes between its read and its write.
     */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeTimeOffRecorded = new java.util.concurrent.atomic.AtomicReference<>();

    /** Run once, on the request's own thread, just before a cancel's transaction leaves: the time off comes between its read and write. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeCancelWritten = new java.util.concurrent.atomic.AtomicReference<>();

    /** A multi-item read that shows part of a committed transaction, when told. */
    private final HalfSeen halfSeen = new HalfSeen();

    @Override
    protected List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors() {
        return List.of(halfSeen, new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                        software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> puts = switch (context.request()) {
                    case software.amazon.awssdk.services.dynamodb.model.PutItemRequest put -> List.of(put.item());
                    case software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest tx -> tx.transactItems().stream()
                            .filter(i -> i.put() != null).map(i -> i.put().item()).toList();
                    default -> List.of();
                };
                if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest tx
                        && tx.transactItems().stream().anyMatch(i -> i.update() != null
                                && i.update().expressionAttributeValues().containsKey(":cancelled"))) {
                    Runnable hook = beforeCancelWritten.getAndSet(null);
                    if (hook != null) {
                        hook.run();
                    }
                }
                if (puts.stream().anyMatch(item -> item.get("SK") != null && item.get("SK").s().startsWith("TIMEOFF#"))) {
                    Runnable hook = beforeTimeOffRecorded.getAndSet(null);
                    if (hook != null) {
                        hook.run();
                    }
                }
            }
        });
    }

    private WorkingHoursStore hours() {
        return new WorkingHoursStore(stack.app().table());
    }

    private LocalDate today() {
        return stack.app().clock().today();
    }

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

    private void setHours(User doctor, LocalDate from, Map<String, Object> week) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("effective_from", from.toString());
        body.put("week", week);
        Api.Reply reply = api.put("/api/doctors/" + doctor.id() + "/hours", doctor.token(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    /** Monday 09:00-10:00 (slots 1, 2), every week from the next Monday. */
    private void mondayMornings(User doctor) {
        setHours(doctor, nextMonday(), Map.of("monday", List.of(range("09:00", "10:00"))));
    }

    private static Map<String, Object> timeOff(LocalDate from, LocalDate to, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("reason", reason);
        return body;
    }

    private Api.Reply takeTimeOff(User caller, User doctor, Map<String, Object> body) {
        return api.post("/api/doctors/" + doctor.id() + "/time-off", caller.token(), body);
    }

    private Map<String, Object> takeTimeOffOk(User caller, User doctor, Map<String, Object> body) {
        Api.Reply reply = takeTimeOff(caller, doctor, body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    private Map<LocalDate, Map<Integer, Availability.Status>> schedule(User doctor) {
        Map<LocalDate, Map<Integer, Availability.Status>> byDate = new TreeMap<>();
        for (Availability a : stored(doctor)) {
            byDate.computeIfAbsent(a.date(), d -> new TreeMap<>()).put(a.slot().id(), a.status());
        }
        return byDate;
    }

    private List<Availability> stored(User doctor) {
        return hours().availabilities(doctor.id(), today(), today().plusDays(HORIZON_DAYS + 7));
    }

    private static final Map<Integer, Availability.Status> CLOSED = Map.of(1, Availability.Status.CLOSED, 2, Availability.Status.CLOSED);
    private static final Map<Integer, Availability.Status> OPEN = Map.of(1, Availability.Status.OPEN, 2, Availability.Status.OPEN);

    @Test
    void timeOffClosesTheOpenSlotsOfItsDatesAndListsTheBookedOnes() {
        User doctor = users.doctor("Tom Timeoff");
        User patient = users.patient("Bella Booked");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        var appointment = booked(patient, doctor, monday.plusWeeks(1).toString(), 2);

        var taken = takeTimeOffOk(doctor, doctor, timeOff(monday, monday.plusWeeks(1), "conference"));
        assertThat(taken).containsEntry("from", monday.toString()).containsEntry("to", monday.plusWeeks(1).toString())
                .containsEntry("reason", "conference").containsEntry("closed", 3).containsEntry("held", List.of());
        assertThat((String) taken.get("id")).isNotBlank();
        assertThat((List<?>) taken.get("booked")).singleElement().satisfies(b -> assertThat(asMap(b))
                .containsEntry("appointment", appointment.get("id")).containsEntry("date", monday.plusWeeks(1).toString())
                .containsEntry("time_slot", 2));
        var schedule = schedule(doctor);
        assertThat(schedule.get(monday)).isEqualTo(CLOSED);
        assertThat(schedule.get(monday.plusWeeks(1))).isEqualTo(Map.of(1, Availability.Status.CLOSED, 2, Availability.Status.BOOKED));
        assertThat(schedule.get(monday.plusWeeks(2))).as("after the range").isEqualTo(OPEN);
        assertThat(api.get("/api/appointments/" + appointment.get("id") + "/", patient.token()).object()).containsEntry("status", "booked");
        // A patient cannot book a slot it closed.
        assertThat(book(users.patient("Lou Late"), doctor, monday.toString(), 1).status()).isEqualTo(409);

        var listed = api.get("/api/doctors/" + doctor.id() + "/time-off", doctor.token());
        assertThat(listed.status()).isEqualTo(200);
        assertThat((List<?>) listed.object().get("time_off")).singleElement().satisfies(t -> assertThat(asMap(t))
                .containsEntry("id", taken.get("id")).containsEntry("from", monday.toString()).containsEntry("reason", "conference"));
        assertAuditClean();
    }

    /**
     * The read after the marks is a Query, read-committed on DynamoDB: it can miss a slot a fill (or a
     * reschedule) committed just before the marks, while the rest of that transaction shows. The read
     * after the closes sees it and closes it: no open slot is left in the range.
     */
    @Test
    void aSlotTheFirstReadMissedIsClosedByTheSecond() {
        User doctor = users.doctor("Hal Fseen");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();

        halfSeen.nextReadWithout("DOCTOR#" + doctor.id(), "SLOT#" + monday + "#0002");
        var taken = takeTimeOffOk(doctor, doctor, timeOff(monday, monday, "half seen"));

        assertThat(halfSeen.dropped()).as("the first read missed slot 2").isTrue();
        assertThat(schedule(doctor).get(monday)).isEqualTo(CLOSED);
        assertThat(taken).containsEntry("closed", 2);
        assertAuditClean();
    }

    @Test
    void thePatternDoesNotFillTimeOffNeitherOnAChangeNorOnTheRoll() {
        User doctor = users.doctor("Pat Pattern");
        LocalDate monday = nextMonday();
        takeTimeOffOk(users.admin(), doctor, timeOff(monday, monday, "leave"));
        mondayMornings(doctor);
        assertThat(schedule(doctor)).doesNotContainKey(monday).containsKey(monday.plusWeeks(1));
        // Time off beyond the horizon: a week later, the day's roll-forward fills the dates around it, not it.
        User roller = users.doctor("Rhea Roller");
        Map<String, Object> week = new HashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d.name().toLowerCase(java.util.Locale.ROOT), List.of(range("20:00", "21:00")));
        }
        setHours(roller, today().plusDays(1), week);
        LocalDate away = today().plusDays(HORIZON_DAYS + 3);
        takeTimeOffOk(roller, roller, timeOff(away, away, "beyond the horizon"));
        stack.clock().advance(java.time.Duration.ofDays(7));
        assertThat(stack.scheduler().fireRecurringDue()).contains("RollWorkingHours");
        assertThat(schedule(roller)).doesNotContainKey(away).containsKeys(away.minusDays(1), away.plusDays(1));
        assertAuditClean();
    }

    @Test
    void endingTimeOffGivesItsDatesBackToThePatternAtOnceButNotADateEditedByHand() {
        User doctor = users.doctor("Eve Ending");
        User waiter = users.patient("Wim Waiter");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        String id = (String) takeTimeOffOk(doctor, doctor, timeOff(monday, monday.plusWeeks(1), "")).get("id");
        // During the time off, the pattern changes (a third half hour), and the doctor edits the second Monday by hand.
        setHours(doctor, monday, Map.of("monday", List.of(range("09:00", "10:30"))));
        String second = stored(doctor).stream().filter(a -> a.date().equals(monday.plusWeeks(1)) && a.slot().id() == 1)
                .findFirst().orElseThrow().id();
        assertThat(api.delete("/api/availabilities/" + second + "/", doctor.token()).status()).isEqualTo(204);
        var joined = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", monday.toString()));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);

        assertThat(api.delete("/api/doctors/" + doctor.id() + "/time-off/" + id, doctor.token()).status()).isEqualTo(204);
        var first = schedule(doctor).get(monday);
        assertThat(first.keySet()).as("reopened, and the new half hour filled").isEqualTo(Set.of(1, 2, 3));
        assertThat(first.values()).as("the waiter is offered one of them").contains(Availability.Status.HELD)
                .doesNotContain(Availability.Status.CLOSED);
        assertThat(schedule(doctor).get(monday.plusWeeks(1))).as("edited by hand: the doctor's").isEqualTo(Map.of(2, Availability.Status.CLOSED));
        assertThat((List<?>) api.get("/api/doctors/" + doctor.id() + "/time-off", doctor.token()).object().get("time_off")).isEmpty();
        assertThat(api.delete("/api/doctors/" + doctor.id() + "/time-off/" + id, doctor.token()).status()).isEqualTo(404);
        assertAuditClean();
    }

    @Test
    void theSameTimeOffSentAgainIsThatTimeOffAndFinishesIt() {
        User doctor = users.doctor("Rene Retry");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        var first = takeTimeOffOk(doctor, doctor, timeOff(monday, monday, "retry"));
        var again = takeTimeOffOk(doctor, doctor, timeOff(monday, monday, "retry"));
        assertThat(again).containsEntry("id", first.get("id")).containsEntry("closed", 0);
        assertThat((List<?>) api.get("/api/doctors/" + doctor.id() + "/time-off", doctor.token()).object().get("time_off")).hasSize(1);
        assertThat(takeTimeOff(doctor, doctor, timeOff(monday, monday, "another reason")).status()).isEqualTo(409);
        assertAuditClean();
    }

    @Test
    void badInputIsA4xxAndChangesNothing() {
        User doctor = users.doctor("Bart Bad");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        List<Availability> before = stored(doctor);
        Map<Map<String, Object>, Set<String>> cases = new LinkedHashMap<>();
        cases.put(timeOff(today().minusDays(1), monday, ""), Set.of("from"));
        cases.put(timeOff(monday, monday.minusDays(1), ""), Set.of("to"));
        cases.put(timeOff(monday, monday.plusDays(31), ""), Set.of("to"));
        cases.put(timeOff(monday, monday, "x".repeat(501)), Set.of("reason"));
        cases.put(Map.of("to", monday.toString()), Set.of("from"));
        cases.put(Map.of("from", "monday", "to", 5), Set.of("from", "to"));
        cases.put(Map.of("from", monday.toString(), "to", monday.toString(), "reason", 7), Set.of("reason"));
        cases.put(Map.of("from", monday.toString(), "to", monday.toString(), "cancel_booked", "yes"), Set.of("cancel_booked"));
        for (var c : cases.entrySet()) {
            Api.Reply reply = takeTimeOff(doctor, doctor, c.getKey());
            assertThat(reply.status()).as(c.getKey() + " -> " + reply).isEqualTo(400);
            assertThat(reply.fields().keySet()).as(c.getKey().toString()).isEqualTo(c.getValue());
        }
        assertThat(api.post("/api/doctors/" + doctor.id() + "/time-off", doctor.token(), List.of()).status()).isEqualTo(400);
        User patient = users.patient("Pim Patient");
        var ok = timeOff(monday, monday, "");
        assertThat(takeTimeOff(users.admin(), patient, ok).status()).as("a patient has no time off").isEqualTo(404);
        assertThat(api.post("/api/doctors/not-an-id/time-off", users.admin().token(), ok).status()).isEqualTo(404);
        assertThat(takeTimeOff(users.doctor("Olaf Other"), doctor, ok).status()).isEqualTo(403);
        assertThat(takeTimeOff(patient, doctor, ok).status()).isEqualTo(403);
        assertThat(api.get("/api/doctors/" + doctor.id() + "/time-off", patient.token()).status()).isEqualTo(403);
        assertThat(api.delete("/api/doctors/" + doctor.id() + "/time-off/nope", doctor.token()).status()).isEqualTo(404);
        assertThat(stored(doctor)).as("data unchanged").containsExactlyInAnyOrderElementsOf(before);
        assertThat((List<?>) api.get("/api/doctors/" + doctor.id() + "/time-off", doctor.token()).object().get("time_off")).isEmpty();

        // Overlapping time off: 409, and the first stands as it was.
        takeTimeOffOk(doctor, doctor, timeOff(monday, monday.plusDays(2), ""));
        List<Availability> after = stored(doctor);
        var overlap = takeTimeOff(doctor, doctor, timeOff(monday.plusDays(2), monday.plusDays(9), ""));
        assertThat(overlap.status()).isEqualTo(409);
        assertThat(overlap.object()).containsEntry("code", "TIME_OFF_OVERLAPS");
        assertThat(stored(doctor)).containsExactlyInAnyOrderElementsOf(after);
        assertAuditClean();
    }

    @Test
    void aMonthOfTimeOffOverAFullPatternClosesEverySlot() {
        User doctor = users.doctor("Mona Month");
        Map<String, Object> week = new HashMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d.name().toLowerCase(java.util.Locale.ROOT), List.of(range("09:00", "21:00")));
        }
        LocalDate from = today().plusDays(1);
        setHours(doctor, from, week);
        var taken = takeTimeOffOk(doctor, doctor, timeOff(from, from.plusDays(30), "sabbatical"));
        assertThat(taken).containsEntry("closed", 31 * 24);
        assertThat(stored(doctor).stream().filter(a -> !a.date().isAfter(from.plusDays(30))))
                .allMatch(a -> a.status() == Availability.Status.CLOSED);
        assertAuditClean();
    }

    /**
     * Time off races the pattern's fill of its dates (a pattern change): whichever commits first, no
     * open slot is left in the range, and a fill after it leaves the range alone.
     */
    @Test
    void timeOffRacingAFillLeavesNoOpenSlotInTheRange() throws Exception {
        LocalDate monday = nextMonday();
        try (Race race = new Race(2)) {
            for (int round = 0; round < 5; round++) {
                User doctor = users.doctor("Fay Fillrace" + round);
                mondayMornings(doctor);
                var replies = race.run(
                        () -> takeTimeOff(doctor, doctor, timeOff(monday, monday, "")),
                        () -> api.put("/api/doctors/" + doctor.id() + "/hours", doctor.token(), Map.of("effective_from", monday.toString(),
                                "week", Map.of("monday", List.of(range("09:00", "11:00"))))));
                assertThat(replies.get(0).status()).as(replies.get(0).toString()).isEqualTo(201);
                assertThat(replies.get(1).status()).as(replies.get(1).toString()).isEqualTo(200);
                assertThat(schedule(doctor).get(monday).values()).as("round " + round).containsOnly(Availability.Status.CLOSED);
                assertThat(schedule(doctor).get(monday.plusWeeks(1)).keySet()).isEqualTo(Set.of(1, 2, 3, 4));
                stack.functions().invoke("RollWorkingHours", "{}");
                assertThat(schedule(doctor).get(monday).values()).containsOnly(Availability.Status.CLOSED);
                assertAuditClean();
            }
        }
    }

    /**
     * Time off races a patient booking one of its slots: either the booking lands first and the time
     * off lists it (the slot stays booked), or the slot is closed first and the booking is refused.
     */
    @Test
    void timeOffRacingABookingNeverLosesTheBooking() throws Exception {
        LocalDate monday = nextMonday();
        try (Race race = new Race(2)) {
            for (int round = 0; round < 5; round++) {
                User doctor = users.doctor("Bo Bookrace" + round);
                User patient = users.patient("Pia Bookrace" + round);
                mondayMornings(doctor);
                var replies = race.run(
                        () -> takeTimeOff(doctor, doctor, timeOff(monday, monday, "")),
                        () -> book(patient, doctor, monday.toString(), 1));
                assertThat(replies.get(0).status()).as(replies.get(0).toString()).isEqualTo(201);
                List<?> booked = (List<?>) replies.get(0).object().get("booked");
                var slot1 = schedule(doctor).get(monday).get(1);
                if (replies.get(1).status() == 201) {
                    assertThat(slot1).isEqualTo(Availability.Status.BOOKED);
                    assertThat(booked).hasSize(1);
                } else {
                    assertThat(replies.get(1).code()).as(replies.get(1).toString()).isEqualTo("SLOT_UNAVAILABLE");
                    assertThat(slot1).isEqualTo(Availability.Status.CLOSED);
                    assertThat(booked).isEmpty();
                }
                assertThat(schedule(doctor).get(monday).get(2)).isEqualTo(Availability.Status.CLOSED);
                assertAuditClean();
            }
        }
    }

    private static Map<String, Object> cancelling(LocalDate from, LocalDate to, String reason) {
        Map<String, Object> body = timeOff(from, to, reason);
        body.put("cancel_booked", true);
        return body;
    }

    /** The events the bus delivered about one appointment, published from the stream first. */
    private List<Map<String, Object>> eventsOf(Object appointmentId) {
        stack.publisherSource().drain();
        return stack.events().delivered().stream().filter(e -> appointmentId.equals(asMap(e.get("detail")).get("id"))).toList();
    }

    /**
     * With "cancel_booked": true, time off cancels the booked appointments of its dates, as their doctor's
     * cancel would (the event, the emails), with its reason; their slots end closed, offered to no waiter,
     * and the answer's {@code booked} lists what it cancelled. An appointment after the range stays.
     */
    @Test
    void cancelBookedCancelsTheBookedAppointmentsOfItsDatesAndTheirSlotsStayClosed() {
        User doctor = users.doctor("Cass Cancel");
        User patient = users.patient("Cora Cancelled");
        User later = users.patient("Lars Later");
        User waiter = users.patient("Willa Waiting");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        var appointment = booked(patient, doctor, monday.toString(), 2);
        var after = booked(later, doctor, monday.plusWeeks(1).toString(), 1);
        var joined = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", monday.toString()));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);

        var taken = takeTimeOffOk(doctor, doctor, cancelling(monday, monday, "conference"));
        assertThat(taken).containsEntry("closed", 1).containsEntry("held", List.of());
        assertThat((List<?>) taken.get("booked")).singleElement().satisfies(b -> assertThat(asMap(b))
                .containsEntry("appointment", appointment.get("id")).containsEntry("date", monday.toString())
                .containsEntry("time_slot", 2));
        assertThat(schedule(doctor).get(monday)).as("both closed: the cancelled one is not reopened").isEqualTo(CLOSED);
        assertThat(api.get("/api/appointments/" + appointment.get("id") + "/", patient.token()).object())
                .containsEntry("status", "cancelled")
                .containsEntry("cancelled_by", Map.of("id", doctor.id(), "role", "doctor"))
                .containsEntry("cancel_reason", Map.of("code", "doctor_unavailable", "text", "conference"));
        assertThat(api.get("/api/appointments/" + after.get("id") + "/", later.token()).object()).containsEntry("status", "booked");
        var entries = api.get("/api/waitlist/?date=" + monday, waiter.token());
        assertThat(entries.array()).singleElement().satisfies(e -> assertThat(e.get("offer")).as("no offer of a closed slot").isNull());
        assertThat(book(users.patient("Nell Nobook"), doctor, monday.toString(), 2).status()).isEqualTo(409);

        assertThat(eventsOf(appointment.get("id"))).filteredOn(e -> e.get("detail-type").equals("appointment.cancelled"))
                .singleElement().satisfies(event -> {
                    assertThat(asMap(event.get("detail"))).containsEntry("status", "cancelled").containsEntry("changedBy", doctor.id())
                            .containsEntry("eventId", appointment.get("id") + "-v2");
                    assertThat(asMap(asMap(event.get("detail")).get("cancelationReason"))).containsEntry("text", "conference")
                            .containsEntry("coding", List.of(Map.of("system", "urn:clinic:cancel-reason", "code", "doctor_unavailable")));
                });
        stack.busRules().deliverOnce();
        assertThat(LocalMail.sent(TestStack.emulator().endpoint()).stream()
                .filter(m -> m.to().contains(patient.username() + "@example.com")).map(LocalMail.Sent::subject))
                .as("the patient's emails").anySatisfy(subject -> assertThat(subject).startsWith("Appointment cancelled: "));
        assertAuditClean();
    }

    /**
     * Sent again (a retry, or the doctor changing their mind), the same time off cancels what is still
     * booked in it, and lists only that; an appointment its patient cancelled meanwhile is not cancelled
     * twice (one event), and its slot, which that cancel left closed (its date has time off), stays closed.
     */
    @Test
    void cancelBookedSentAgainCancelsWhatIsLeftAndNothingTwice() {
        User doctor = users.doctor("Rory Retry");
        User first = users.patient("Fern First");
        User second = users.patient("Seth Second");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        var kept = booked(first, doctor, monday.toString(), 1);
        var gone = booked(second, doctor, monday.toString(), 2);
        var taken = takeTimeOffOk(doctor, doctor, timeOff(monday, monday, "retry"));
        assertThat((List<?>) taken.get("booked")).hasSize(2);
        assertThat(api.delete("/api/appointments/" + gone.get("id") + "/", second.token()).status()).isEqualTo(204);

        var again = takeTimeOffOk(users.admin(), doctor, cancelling(monday, monday, "retry"));
        assertThat(again).containsEntry("id", taken.get("id")).as("nothing opened meanwhile").containsEntry("closed", 0);
        assertThat((List<?>) again.get("booked")).singleElement().satisfies(b -> assertThat(asMap(b)).containsEntry("appointment", kept.get("id")));
        var third = takeTimeOffOk(doctor, doctor, cancelling(monday, monday, "retry"));
        assertThat((List<?>) third.get("booked")).as("nothing left to cancel").isEmpty();
        stack.publisherSource().drain();
        var events = stack.events().delivered();
        for (var appointment : List.of(kept, gone)) {
            assertThat(events).filteredOn(e -> appointment.get("id").equals(asMap(e.get("detail")).get("id")))
                    .extracting(e -> e.get("detail-type")).containsExactlyInAnyOrder("appointment.booked", "appointment.cancelled");
        }
        assertThat(schedule(doctor).get(monday)).isEqualTo(CLOSED);
        assertAuditClean();
    }

    /**
     * Time off with "cancel_booked": true races a patient booking one of its slots: either the booking
     * lands first and the time off cancels it (listed, its slot closed), or the slot is closed first and the
     * booking is refused. Either way no slot of the range is open or booked after it.
     */
    @Test
    void cancelBookedRacingABookingLeavesNothingBookedOrOpenInTheRange() throws Exception {
        LocalDate monday = nextMonday();
        try (Race race = new Race(2)) {
            for (int round = 0; round < 5; round++) {
                User doctor = users.doctor("Cy Cancelrace" + round);
                User patient = users.patient("Ida Cancelrace" + round);
                mondayMornings(doctor);
                var replies = race.run(
                        () -> takeTimeOff(doctor, doctor, cancelling(monday, monday, "race")),
                        () -> book(patient, doctor, monday.toString(), 1));
                assertThat(replies.get(0).status()).as(replies.get(0).toString()).isEqualTo(201);
                List<?> cancelled = (List<?>) replies.get(0).object().get("booked");
                if (replies.get(1).status() == 201) {
                    Object id = replies.get(1).object().get("id");
                    assertThat(cancelled).as("round " + round).singleElement().satisfies(b -> assertThat(asMap(b)).containsEntry("appointment", id));
                    assertThat(api.get("/api/appointments/" + id + "/", patient.token()).object()).containsEntry("status", "cancelled");
                } else {
                    assertThat(replies.get(1).code()).as(replies.get(1).toString()).isEqualTo("SLOT_UNAVAILABLE");
                    assertThat(cancelled).isEmpty();
                }
                assertThat(schedule(doctor).get(monday)).as("round " + round).isEqualTo(CLOSED);
                assertAuditClean();
            }
        }
    }

    /**
     * Two overlapping time offs of one doctor, the second sent between the first's read of the doctor's
     * time off and its write: one is taken, the other is 409 TIME_OFF_OVERLAPS, so ending one gives back
     * exactly its dates. (Both were taken: each had read no other.)
     */
    @Test
    void twoOverlappingTimeOffsRacingAreOneTakenAndOne409() {
        User doctor = users.doctor("Olga Overlap");
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        User admin = users.admin(); // signed up here, not on the request's thread
        List<Api.Reply> competitor = new java.util.concurrent.CopyOnWriteArrayList<>();
        beforeTimeOffRecorded.set(() -> competitor.add(takeTimeOff(admin, doctor, timeOff(monday.plusDays(1), monday.plusWeeks(1), "second"))));
        Api.Reply first;
        try {
            first = takeTimeOff(doctor, doctor, timeOff(monday, monday.plusDays(2), "first"));
        } finally {
            beforeTimeOffRecorded.set(null);
        }
        assertThat(competitor).as("the competitor sent between the first's read and write").singleElement()
                .satisfies(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(201));
        assertThat(first.status()).as(first.toString()).isEqualTo(409);
        assertThat(first.object()).containsEntry("code", "TIME_OFF_OVERLAPS");
        var listed = (List<?>) api.get("/api/doctors/" + doctor.id() + "/time-off", doctor.token()).object().get("time_off");
        assertThat(listed).singleElement().satisfies(t -> assertThat(asMap(t)).containsEntry("reason", "second"));
        assertThat(schedule(doctor).get(monday)).as("not in the time off taken").isEqualTo(OPEN);
        assertThat(schedule(doctor).get(monday.plusWeeks(1))).isEqualTo(CLOSED);
        assertAuditClean();
    }

    // Issue 19's last limit: no transition opens (or offers) a slot on a date its doctor has time off.

    private Map<String, Object> joinWaitlist(User waiter, User doctor, LocalDate date) {
        var joined = api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", date.toString()));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        return joined.object();
    }

    /**
     * A doctor working Monday mornings, their patient's appointment at 09:30 next Monday, and waiters
     * (in the order named) on that date's waitlist: where each test of this limit starts.
     */
    private record BookedMonday(User doctor, User patient, LocalDate monday, Map<String, Object> appointment,
                                List<User> waiters, List<Map<String, Object>> entries) {
        String appointmentPath() {
            return "/api/appointments/" + appointment.get("id") + "/";
        }
    }

    private BookedMonday bookedMonday(String doctorName, String patientName, String... waiterNames) {
        User doctor = users.doctor(doctorName);
        User patient = users.patient(patientName);
        List<User> waiters = java.util.Arrays.stream(waiterNames).map(users::patient).toList();
        mondayMornings(doctor);
        LocalDate monday = nextMonday();
        var appointment = booked(patient, doctor, monday.toString(), 2);
        List<Map<String, Object>> entries = waiters.stream().map(waiter -> joinWaitlist(waiter, doctor, monday)).toList();
        return new BookedMonday(doctor, patient, monday, appointment, waiters, entries);
    }

    private Object offerOf(User waiter, LocalDate date) {
        var entries = api.get("/api/waitlist/?date=" + date, waiter.token());
        assertThat(entries.status()).as(entries.toString()).isEqualTo(200);
        return entries.array().isEmpty() ? null : entries.array().getFirst().get("offer");
    }

    /**
     * An appointment the time off left booked, cancelled by its patient: its slot ends closed, offered to
     * no waiter and bookable by no one (it reopened, offered to the date's first waiter).
     */
    @Test
    void aPatientsCancelInsideTimeOffLeavesTheSlotClosedAndOffersNothing() {
        var at = bookedMonday("Ada Away", "Pat Cancels", "Wes Waits");
        assertThat((List<?>) takeTimeOffOk(at.doctor(), at.doctor(), timeOff(at.monday(), at.monday(), "away")).get("booked")).hasSize(1);

        assertThat(api.delete(at.appointmentPath(), at.patient().token()).status()).isEqualTo(204);
        assertThat(schedule(at.doctor()).get(at.monday())).as("the cancelled one's slot stays closed").isEqualTo(CLOSED);
        assertThat(offerOf(at.waiters().getFirst(), at.monday())).as("no offer of a slot of the time off").isNull();
        assertThat(book(users.patient("Nina Nobook"), at.doctor(), at.monday().toString(), 2).status()).isEqualTo(409);
        assertAuditClean();
    }

    /** Moved away by its patient, an appointment the time off left booked leaves its slot closed, offered to no one. */
    @Test
    void aRescheduleAwayFromTimeOffLeavesTheSlotClosedAndOffersNothing() {
        var at = bookedMonday("Ari Away", "Max Moves", "Wyn Waits");
        takeTimeOffOk(at.doctor(), at.doctor(), timeOff(at.monday(), at.monday(), "away"));

        var moved = api.put(at.appointmentPath(), at.patient().token(),
                Map.of("doctor", at.doctor().id(), "date", at.monday().plusWeeks(1).toString(), "time_slot", 1));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(schedule(at.doctor()).get(at.monday())).as("the slot it left stays closed").isEqualTo(CLOSED);
        assertThat(schedule(at.doctor()).get(at.monday().plusWeeks(1))).containsEntry(1, Availability.Status.BOOKED);
        assertThat(offerOf(at.waiters().getFirst(), at.monday())).isNull();
        assertAuditClean();
    }

    /** A hold the time off left (listed in held) that its waiter declines: the slot closes, passed on to no other waiter. */
    @Test
    void anOfferDeclinedInsideTimeOffClosesTheSlotAndPassesOnToNoOne() {
        var at = bookedMonday("Dee Declined", "Cal Cancel", "Fay First", "Sam Second");
        User first = at.waiters().get(0);
        assertThat(api.delete(at.appointmentPath(), at.patient().token()).status()).isEqualTo(204);
        assertThat(offerOf(first, at.monday())).as("offered to the first waiter before the time off").isNotNull();
        assertThat((List<?>) takeTimeOffOk(at.doctor(), at.doctor(), timeOff(at.monday(), at.monday(), "away")).get("held")).hasSize(1);

        var declined = api.post("/api/waitlist/" + at.entries().get(0).get("id") + "/decline", first.token(), Map.of());
        assertThat(declined.status()).as(declined.toString()).isEqualTo(204);
        assertThat(schedule(at.doctor()).get(at.monday())).as("closed, not passed on nor open").isEqualTo(CLOSED);
        assertThat(offerOf(at.waiters().get(1), at.monday())).isNull();
        assertAuditClean();
    }

    /** A hold the time off left whose offer lapses: its timer closes the slot, passed on to no other waiter. */
    @Test
    void anOfferLapsingInsideTimeOffClosesTheSlotAtItsTimer() {
        var at = bookedMonday("Lee Lapsed", "Kim Cancel", "Ulla Unanswered", "Vic Second");
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name()));
        assertThat(api.delete(at.appointmentPath(), at.patient().token()).status()).isEqualTo(204);
        assertThat((List<?>) takeTimeOffOk(at.doctor(), at.doctor(), timeOff(at.monday(), at.monday(), "away")).get("held")).hasSize(1);

        stack.publisherSource().drain();
        stack.busRules().deliverOnce(); // sets the offer's timer
        stack.clock().advance(java.time.Duration.ofMinutes(16));
        assertThat(stack.scheduler().fireDue()).as("the deadline's timer").isPositive();
        assertThat(schedule(at.doctor()).get(at.monday())).as("closed, not passed on nor open").isEqualTo(CLOSED);
        assertThat(offerOf(at.waiters().get(1), at.monday())).isNull();
        assertAuditClean();
    }

    /**
     * The time off lands between a patient's cancel's read and its write (after its marks and its read of
     * the slots): the cancel's write finds the date's mark, and the slot ends closed, offered to no one.
     */
    @Test
    void aCancelRacingTheTimeOffsMarkingLeavesTheSlotClosed() {
        var at = bookedMonday("Rae Racing", "Ros Racing", "Wil Racing");
        List<Api.Reply> timeOff = new java.util.concurrent.CopyOnWriteArrayList<>();
        beforeCancelWritten.set(() -> timeOff.add(takeTimeOff(at.doctor(), at.doctor(), timeOff(at.monday(), at.monday(), "race"))));
        try {
            assertThat(api.delete(at.appointmentPath(), at.patient().token()).status()).isEqualTo(204);
        } finally {
            beforeCancelWritten.set(null);
        }
        assertThat(timeOff).as("the time off sent between the cancel's read and write").singleElement()
                .satisfies(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(201));
        assertThat(schedule(at.doctor()).get(at.monday())).isEqualTo(CLOSED);
        assertThat(offerOf(at.waiters().getFirst(), at.monday())).isNull();
        assertAuditClean();
    }
}
