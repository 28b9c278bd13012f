package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Waitlist;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Race;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Joining, listing and leaving the waitlist over HTTP, with every refusal and its code. */
class WaitlistTest extends EndToEndTest {
    private User doctor;

    @BeforeAll
    void signIn() {
        doctor = users.doctor("Wanda Waitlisted");
    }

    private Api.Reply join(User patient, User doctor, String date, String from, String to) {
        Map<String, Object> body = new HashMap<>(Map.of("doctor", doctor.id(), "date", date));
        if (from != null) {
            body.put("from_time", from);
        }
        if (to != null) {
            body.put("to_time", to);
        }
        return api.post("/api/waitlist/", patient.token(), body);
    }

    private Map<String, Object> joined(User patient, User doctor, String date) {
        var reply = join(patient, doctor, date, null, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    private List<Map<String, Object>> waitlistOf(User caller, String query) {
        var reply = api.get("/api/waitlist/" + query, caller.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    @Test
    void aPatientJoinsSeesTheirEntryAndLeaves() {
        User patient = users.patient("Paula Patient");
        String day = freshDay();
        var reply = join(patient, doctor, day, "10:00:00", "12:00:00");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        var entry = reply.object();
        assertThat(entry).containsEntry("patient", patient.id()).containsEntry("patient_name", "Paula Patient")
                .containsEntry("doctor", doctor.id()).containsEntry("doctor_name", "Wanda Waitlisted")
                .containsEntry("date", day).containsEntry("from_time", "10:00:00").containsEntry("to_time", "12:00:00")
                .containsEntry("offer", null);

        assertThat(waitlistOf(patient, "")).extracting(e -> e.get("id")).containsExactly(entry.get("id"));
        assertThat(waitlistOf(patient, "?date=" + LocalDate.parse(day).plusDays(1))).isEmpty();

        assertThat(api.delete("/api/waitlist/" + entry.get("id") + "/", patient.token()).status()).isEqualTo(204);
        assertThat(waitlistOf(patient, "")).isEmpty();
        assertThat(waitlistOf(doctor, "?date=" + day)).isEmpty();
        assertThat(api.delete("/api/waitlist/" + entry.get("id") + "/", patient.token()).status()).isEqualTo(404);
        // Leaving made room: joining again is fine.
        joined(patient, doctor, day);
        assertAuditClean();
    }

    @Test
    void withoutAWindowAnEntryWaitsForTheWholeDay() {
        var entry = joined(users.patient("Wholeday Waiter"), doctor, freshDay());
        assertThat(entry).containsEntry("from_time", "09:00:00").containsEntry("to_time", "21:00:00");
    }

    @Test
    void theDoctorSeesTheirDatesWaitlistInJoinOrderWithNamesAndPositions() {
        String day = freshDay();
        User first = users.patient("Ann First");
        User second = users.patient("Ben Second");
        User third = users.patient("Cat Third");
        for (User patient : List.of(first, second, third)) {
            joined(patient, doctor, day);
        }
        var list = waitlistOf(doctor, "?date=" + day);
        assertThat(list).extracting(e -> e.get("patient_name")).containsExactly("Ann First", "Ben Second", "Cat Third");
        assertThat(list).extracting(e -> e.get("position")).containsExactly(1, 2, 3);
        // Another doctor's waitlist of the same date is not theirs to see.
        assertThat(waitlistOf(users.doctor("Other Doc"), "?date=" + day)).isEmpty();
        var noDate = api.get("/api/waitlist/", doctor.token());
        assertThat(noDate.status()).as(noDate.toString()).isEqualTo(400);
        assertThat(noDate.fields()).containsKey("date");
    }

    @Test
    void joiningTwiceForTheSameDoctorAndDateIs409AlreadyExists() {
        User patient = users.patient("Twice Tried");
        String day = freshDay();
        joined(patient, doctor, day);
        var again = join(patient, doctor, day, "14:00:00", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ALREADY_EXISTS");
        assertThat(waitlistOf(patient, "")).hasSize(1);
    }

    @Test
    void racingJoinsForTheSameDoctorAndDateMakeOneEntry() throws Exception {
        try (Race race = new Race(4)) {
            for (int round = 0; round < 3; round++) {
                User patient = users.patient("Racer " + round);
                String day = freshDay();
                Supplier<Api.Reply> join = () -> join(patient, doctor, day, null, null);
                List<Api.Reply> replies = race.run(join, join, join, join);
                assertThat(replies).extracting(Api.Reply::status).as(replies.toString()).containsOnly(201, 409)
                        .containsOnlyOnce(201);
                assertThat(replies).filteredOn(r -> r.status() == 409).extracting(Api.Reply::code).containsOnly("ALREADY_EXISTS");
                assertThat(waitlistOf(patient, "")).hasSize(1);
                assertThat(waitlistOf(doctor, "?date=" + day)).hasSize(1);
                assertAuditClean();
            }
        }
    }

    @Test
    void holdingABookingWithThatDoctorThatDayIs409AlreadyBooked() {
        User patient = users.patient("Booked Already");
        String day = freshDay();
        declare(doctor, day, 3);
        var appointment = booked(patient, doctor, day, 3);
        var reply = join(patient, doctor, day, null, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("ALREADY_BOOKED");
        // A booking with another doctor that day does not count, nor a cancelled one.
        joined(patient, users.doctor("Another Doc"), day);
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token()).status()).isEqualTo(204);
        joined(patient, doctor, day);
    }

    @Test
    void thePerPatientCapIs409WaitlistLimit() {
        assertThat(stack.config().maxWaitlistEntries()).isEqualTo(Waitlist.DEFAULT_MAX_ENTRIES);
        User patient = users.patient("Cap Reached");
        String last = null;
        for (int i = 0; i < Waitlist.DEFAULT_MAX_ENTRIES; i++) {
            last = (String) joined(patient, doctor, freshDay()).get("id");
        }
        var over = join(patient, doctor, freshDay(), null, null);
        assertThat(over.status()).as(over.toString()).isEqualTo(409);
        assertThat(over.code()).isEqualTo("WAITLIST_LIMIT");
        assertThat(api.delete("/api/waitlist/" + last + "/", patient.token()).status()).isEqualTo(204);
        joined(patient, doctor, freshDay());
    }

    @Test
    void badRequestsAre400AndChangeNothing() {
        User patient = users.patient("Bad Input");
        String day = freshDay();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
        assertThat(join(patient, doctor, yesterday, null, null).fields()).containsKey("date");
        assertThat(join(patient, doctor, day, "10:15:00", null).fields()).containsKey("from_time");
        assertThat(join(patient, doctor, day, "12:00:00", "11:00:00").fields()).containsKey("to_time");
        assertThat(join(patient, doctor, day, "08:00:00", null).fields()).containsKey("from_time");
        assertThat(join(patient, patient, day, null, null).fields()).containsKey("doctor");
        var noDoctor = api.post("/api/waitlist/", patient.token(), Map.of("date", day));
        assertThat(noDoctor.status()).isEqualTo(400);
        assertThat(noDoctor.fields()).containsKey("doctor");
        assertThat(waitlistOf(patient, "")).isEmpty();
    }

    @Test
    void aWindowTimeThatIsNoTimeIs400NamingTheFieldAndJoinsNothing() {
        User patient = users.patient("Sloppy Window");
        String day = freshDay();
        for (Object notATime : List.of("HH:MM", "HH:MM:SS", "", " ", "10", "10:00:00Z", "10:00:00.000", "T10:00", "25:00:00", 10, true,
                Map.of("hour", 10), List.of("10:00:00"))) {
            for (String field : List.of("from_time", "to_time")) {
                Map<String, Object> body = new HashMap<>(Map.of("doctor", doctor.id(), "date", day));
                body.put(field, notATime);
                var reply = api.post("/api/waitlist/", patient.token(), body);
                assertThat(reply.status()).as(field + "=" + notATime + ": " + reply).isEqualTo(400);
                assertThat(reply.fields()).as(field + "=" + notATime).containsKey(field);
            }
        }
        assertThat(waitlistOf(patient, "")).isEmpty();
    }

    /** A date given empty in a query is no date: 400 naming it, not the list without that filter. */
    @Test
    void anEmptyDateInAQueryIs400NamingItNotAListWithoutIt() {
        User patient = users.patient("Empty Query");
        for (String[] call : List.of(new String[] {"/api/waitlist/?date=", "date"}, new String[] {"/api/availabilities/?date=", "date"},
                new String[] {"/api/availabilities/?from=", "from"}, new String[] {"/api/availabilities/?to=", "to"},
                new String[] {"/api/appointments/?from=", "from"}, new String[] {"/api/appointments/?to=", "to"})) {
            var reply = api.get(call[0], patient.token());
            assertThat(reply.status()).as(call[0] + ": " + reply).isEqualTo(400);
            assertThat(reply.fields()).as(call[0]).containsKey(call[1]);
        }
    }

    @Test
    void racingJoinsPastTheCapMakeNoMoreEntriesThanTheCap() throws Exception {
        int cap = stack.config().maxWaitlistEntries();
        int joins = 3 * cap;
        User patient = users.patient("Eager Joiner");
        List<String> days = new java.util.ArrayList<>();
        for (int i = 0; i < joins; i++) {
            days.add(freshDay());
        }
        try (Race race = new Race(joins)) {
            List<Supplier<Api.Reply>> calls = days.stream().<Supplier<Api.Reply>>map(day -> () -> join(patient, doctor, day, null, null)).toList();
            List<Api.Reply> replies = race.run(calls);
            assertThat(replies).extracting(Api.Reply::status).as(replies.toString()).containsOnly(201, 409);
            assertThat(replies).filteredOn(r -> r.status() == 409).extracting(Api.Reply::code).containsOnly("WAITLIST_LIMIT");
            // However the rounds fall (JoinRacesTest forces the worst), the losers are the cap's: exactly the cap joined.
            assertThat(replies).filteredOn(r -> r.status() == 201).as("joined, exactly the cap").hasSize(cap);
        }
        assertThat(waitlistOf(patient, "")).hasSize(cap);
        assertAuditClean();
    }

    @Test
    void joiningForAnotherPatientIs403AndJoinsNobody() {
        User caller = users.patient("Careless App");
        User other = users.patient("Somebody Else");
        String day = freshDay();
        var forOther = api.post("/api/waitlist/", caller.token(), Map.of("doctor", doctor.id(), "date", day, "patient", other.id()));
        assertThat(forOther.status()).as(forOther.toString()).isEqualTo(403);
        assertThat(waitlistOf(caller, "")).isEmpty();
        assertThat(waitlistOf(other, "")).isEmpty();
        var forSelf = api.post("/api/waitlist/", caller.token(), Map.of("doctor", doctor.id(), "date", day, "patient", caller.id()));
        assertThat(forSelf.status()).as("naming oneself is ignored").isEqualTo(201);
    }

    @Test
    void onlyItsPatientLeavesAnEntryAndOnlyPatientsJoin() {
        User patient = users.patient("Owner Patient");
        String id = (String) joined(patient, doctor, freshDay()).get("id");
        assertThat(api.delete("/api/waitlist/" + id + "/", users.patient("Someone Else").token()).status()).isEqualTo(404);
        assertThat(api.delete("/api/waitlist/" + id + "/", doctor.token()).status()).isEqualTo(403);
        assertThat(api.delete("/api/waitlist/not-an-id/", patient.token()).status()).isEqualTo(404);
        assertThat(join(doctor, doctor, freshDay(), null, null).status()).isEqualTo(403);
        assertThat(api.get("/api/waitlist/", users.admin().token()).status()).isEqualTo(403);
        assertThat(waitlistOf(patient, "")).hasSize(1);
    }
}
