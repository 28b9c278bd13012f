package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.Config;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Users;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route against every kind of caller. Each cell builds its own fresh objects (the
 * "patient" and "doctor" columns own them; the "other" columns do not), makes one call and
 * expects the status in the table.
 */
class AuthorizationMatrixTest extends EndToEndTest {
    private static final String MATRIX = """
            route                              anonymous  patient  other-patient  doctor  other-doctor  admin
            POST /api/api/token_obtain/          200        200      200            200     200           200
            POST /api/api/token_refresh/         200        200      200            200     200           200
            POST /api/api/token_verify/          200        200      200            200     200           200
            POST /api/register_patient/          201        201      201            201     201           201
            POST /api/register_doctor/           401        403      403            403     403           201
            GET /api/timeslots/                  401        200      200            200     200           200
            GET /api/timeslots/{id}/             401        200      200            200     200           200
            POST /api/timeslots/                 401        403      403            403     403           201
            PUT /api/timeslots/{id}/             401        403      403            403     403           200
            DELETE /api/timeslots/{id}/          401        403      403            403     403           204
            GET /api/availabilities/             401        200      200            200     200           200
            GET /api/availabilities/{id}/        401        200      200            200     200           200
            POST /api/availabilities/            401        403      403            201     201           403
            PUT /api/availabilities/{id}/        401        403      403            200     403           403
            DELETE /api/availabilities/{id}/     401        403      403            204     403           403
            PUT /api/doctors/{id}/hours          401        403      403            200     403           200
            GET /api/doctors/{id}/hours          401        403      403            200     403           200
            POST /api/doctors/{id}/time-off      401        403      403            201     403           201
            GET /api/doctors/{id}/time-off       401        403      403            200     403           200
            DELETE /api/doctors/{id}/time-off/{tid} 401     403      403            204     403           204
            GET /api/appointments/               401        200      200            200     200           200
            GET /api/appointments/search/        401        200      200            200     200           200
            POST /api/appointments/              401        201      201            403     403           201
            GET /api/appointments/{id}/          401        200      404            200     404           200
            PUT /api/appointments/{id}/          401        200      404            403     403           200
            DELETE /api/appointments/{id}/       401        204      404            204     404           204
            POST /api/appointments/{id}/status   401        403      404            200     404           200
            POST /api/waitlist/                  401        201      201            403     403           403
            GET /api/waitlist/                   401        200      200            200     200           403
            DELETE /api/waitlist/{id}/           401        204      404            403     403           403
            POST /api/waitlist/{id}/accept       401        201      404            403     403           403
            POST /api/waitlist/{id}/decline      401        204      404            403     403           403
            GET /api/calendar.ics                401        200      200            200     200           403
            POST /api/calendar/feed              401        201      201            201     201           403
            DELETE /api/calendar/feed            401        204      204            204     204           403
            GET /api/calendar/{file}             200        200      200            200     200           200
            GET /api/me/notifications            401        200      200            200     200           403
            PUT /api/me/notifications            401        200      200            200     200           403
            GET /api/doctors/{id}/policy         401        200      200            200     403           200
            PUT /api/doctors/{id}/policy         401        403      403            403     403           200
            GET /api/specialties                 401        200      200            200     200           200
            PUT /api/specialties                 401        403      403            403     403           200
            GET /api/doctors/{id}/profile        401        200      200            200     200           200
            PUT /api/doctors/{id}/profile        401        403      403            200     403           200
            GET /api/doctors                     401        200      200            200     200           200
            POST /api/register_staff/            401        403      403            403     403           201
            GET /api/patients                    401        403      403            403     403           200
            """;

    /**
     * Issue 20: the staff column, for every route of the matrix above (a member of staff acts for
     * the "patient" column's patient, naming them where a body names a patient).
     */
    private static final String STAFF_COLUMN = """
            POST /api/api/token_obtain/          200
            POST /api/api/token_refresh/         200
            POST /api/api/token_verify/          200
            POST /api/register_patient/          201
            POST /api/register_doctor/           403
            GET /api/timeslots/                  200
            GET /api/timeslots/{id}/             200
            POST /api/timeslots/                 403
            PUT /api/timeslots/{id}/             403
            DELETE /api/timeslots/{id}/          403
            GET /api/availabilities/             200
            GET /api/availabilities/{id}/        200
            POST /api/availabilities/            403
            PUT /api/availabilities/{id}/        403
            DELETE /api/availabilities/{id}/     403
            PUT /api/doctors/{id}/hours          403
            GET /api/doctors/{id}/hours          200
            POST /api/doctors/{id}/time-off      403
            GET /api/doctors/{id}/time-off       200
            DELETE /api/doctors/{id}/time-off/{tid} 403
            GET /api/appointments/               200
            GET /api/appointments/search/        200
            POST /api/appointments/              201
            GET /api/appointments/{id}/          200
            PUT /api/appointments/{id}/          200
            DELETE /api/appointments/{id}/       204
            POST /api/waitlist/                  403
            GET /api/waitlist/                   403
            DELETE /api/waitlist/{id}/           403
            POST /api/waitlist/{id}/accept       403
            POST /api/waitlist/{id}/decline      403
            GET /api/calendar.ics                403
            POST /api/calendar/feed              403
            DELETE /api/calendar/feed            403
            GET /api/calendar/{file}             200
            GET /api/me/notifications            403
            PUT /api/me/notifications            403
            GET /api/doctors/{id}/policy         200
            PUT /api/doctors/{id}/policy         403
            POST /api/register_staff/            403
            GET /api/patients                    200
            GET /api/specialties                 200
            PUT /api/specialties                 403
            GET /api/doctors/{id}/profile        200
            PUT /api/doctors/{id}/profile        403
            GET /api/doctors                     200
            POST /api/appointments/{id}/status   200
            """;

    private User patient;
    private User otherPatient;
    private User doctor;
    private User otherDoctor;
    private User admin;
    private User staff;
    private final AtomicInteger sequence = new AtomicInteger();
    /** Time slots 13-24 are kept free of availabilities, for the cells that change or delete slots. */
    private final AtomicInteger spareSlot = new AtomicInteger(24);

    @BeforeAll
    void signIn() {
        patient = users.patient("Pat Owner");
        otherPatient = users.patient("Olly Other");
        doctor = users.doctor("Dana Owner");
        otherDoctor = users.doctor("Oscar Other");
        admin = users.admin();
        staff = users.make(clinic.domain.Role.STAFF, "Stella Staff");
    }

    private record Cell(String route, String caller, int expected) {}

    private static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        List<String> lines = MATRIX.lines().filter(l -> !l.isBlank()).toList();
        String[] callers = lines.get(0).trim().split("\\s+");
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.trim().split("\\s+");
            String route = parts[0] + " " + parts[1];
            for (int i = 2; i < parts.length; i++) {
                cells.add(new Cell(route, callers[i - 1], Integer.parseInt(parts[i])));
            }
        }
        return cells;
    }

    private User caller(String column) {
        return switch (column) {
            case "anonymous" -> null;
            case "patient" -> patient;
            case "other-patient" -> otherPatient;
            case "doctor" -> doctor;
            case "other-doctor" -> otherDoctor;
            case "admin" -> admin;
            case "staff" -> staff;
            default -> throw new IllegalArgumentException(column);
        };
    }

    private final AtomicInteger slotSequence = new AtomicInteger();
    private String day;

    /** A fresh (date, slot) that no other cell uses: slots 1-12 of one day, then of the next. */
    private String[] freshSlot() {
        int n = slotSequence.getAndIncrement();
        if (n % 12 == 0) {
            day = freshDay();
        }
        return new String[] {day, Integer.toString(1 + n % 12)};
    }

    private Map<String, Object> ownedAvailability() {
        String[] at = freshSlot();
        return declare(doctor, at[0], Integer.parseInt(at[1]));
    }

    /**
     * Cancels the owning patient's earlier bookings once they near the booking limit, so the
     * matrix's many bookings for one patient are never refused by it.
     */
    private void makeRoomForABooking() {
        var booked = api.get("/api/appointments/?status=booked", patient.token()).array();
        if (booked.size() >= Config.DEFAULT_MAX_UPCOMING_BOOKINGS - 2) {
            booked.forEach(a -> assertThat(api.delete("/api/appointments/" + a.get("id") + "/", admin.token()).status()).isEqualTo(204));
        }
    }

    private Map<String, Object> ownedAppointment() {
        makeRoomForABooking();
        var availability = ownedAvailability();
        return booked(patient, doctor, (String) availability.get("date"), (Integer) availability.get("time_slot"));
    }

    /** An entry of the owning patient; their earlier ones are left first, so the waitlist cap never refuses it. */
    private Map<String, Object> ownedWaitlistEntry() {
        api.get("/api/waitlist/", patient.token()).array().forEach(e ->
                assertThat(api.delete("/api/waitlist/" + e.get("id") + "/", patient.token()).status()).isEqualTo(204));
        var reply = api.post("/api/waitlist/", patient.token(), Map.of("doctor", doctor.id(), "date", freshDay()));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    /** An entry of the owning patient holding a live offer: the doctor declares a slot on a date the patient waits for. */
    private Map<String, Object> ownedOfferedEntry() {
        makeRoomForABooking();
        var entry = ownedWaitlistEntry();
        declare(doctor, (String) entry.get("date"), 1);
        return entry;
    }

    private Map<String, Function<User, Api.Reply>> actions() {
        Map<String, Function<User, Api.Reply>> a = new LinkedHashMap<>();
        a.put("POST /api/api/token_obtain/", u -> api.post("/api/api/token_obtain/", token(u),
                Map.of("username", patient.username(), "password", Users.PASSWORD)));
        a.put("POST /api/api/token_refresh/", u -> api.post("/api/api/token_refresh/", token(u), Map.of("refresh", patient.tokens().refresh())));
        a.put("POST /api/api/token_verify/", u -> api.post("/api/api/token_verify/", token(u), Map.of("token", patient.token())));
        a.put("POST /api/register_patient/", u -> api.post("/api/register_patient/", token(u), account("p")));
        a.put("POST /api/register_doctor/", u -> api.post("/api/register_doctor/", token(u), account("d")));
        a.put("GET /api/timeslots/", u -> api.get("/api/timeslots/", token(u)));
        a.put("GET /api/timeslots/{id}/", u -> api.get("/api/timeslots/1/", token(u)));
        a.put("POST /api/timeslots/", u -> {
            var slot = stack.app().timeSlots().get(spareSlot.get());
            stack.app().timeSlots().delete(spareSlot.getAndDecrement());
            return api.post("/api/timeslots/", token(u), Map.of("start_time", slot.start().toString(), "end_time", slot.end().toString()));
        });
        a.put("PUT /api/timeslots/{id}/", u -> {
            var slot = stack.app().timeSlots().list().get(12);
            return api.put("/api/timeslots/" + slot.id() + "/", token(u),
                    Map.of("start_time", slot.start().toString(), "end_time", slot.end().toString()));
        });
        a.put("DELETE /api/timeslots/{id}/", u -> api.delete("/api/timeslots/" + stack.app().timeSlots().list().get(13).id() + "/", token(u)));
        a.put("GET /api/availabilities/", u -> api.get("/api/availabilities/", token(u)));
        a.put("GET /api/availabilities/{id}/", u -> api.get("/api/availabilities/" + ownedAvailability().get("id") + "/", token(u)));
        a.put("POST /api/availabilities/", u -> {
            String[] at = freshSlot();
            return api.post("/api/availabilities/", token(u), Map.of("date", at[0], "time_slot", Integer.parseInt(at[1])));
        });
        a.put("PUT /api/availabilities/{id}/", u -> {
            var availability = ownedAvailability();
            return api.put("/api/availabilities/" + availability.get("id") + "/", token(u),
                    Map.of("date", availability.get("date"), "time_slot", availability.get("time_slot"), "is_available", false));
        });
        a.put("DELETE /api/availabilities/{id}/", u -> api.delete("/api/availabilities/" + ownedAvailability().get("id") + "/", token(u)));
        // Hours from beyond the horizon: nothing is filled, so no other cell's dates change.
        a.put("PUT /api/doctors/{id}/hours", u -> api.put("/api/doctors/" + doctor.id() + "/hours", token(u), Map.of(
                "effective_from", LocalDate.now(ZoneOffset.UTC).plusYears(2).toString(),
                "week", Map.of("monday", List.of(Map.of("from", "09:00", "to", "12:00"))))));
        a.put("GET /api/doctors/{id}/hours", u -> api.get("/api/doctors/" + doctor.id() + "/hours", token(u)));
        // Time off years ahead, a date of its own each time: no other cell's dates change, and none overlaps another.
        a.put("POST /api/doctors/{id}/time-off", u -> api.post("/api/doctors/" + doctor.id() + "/time-off", token(u), timeOffDay()));
        a.put("GET /api/doctors/{id}/time-off", u -> api.get("/api/doctors/" + doctor.id() + "/time-off", token(u)));
        a.put("DELETE /api/doctors/{id}/time-off/{tid}", u -> {
            var taken = api.post("/api/doctors/" + doctor.id() + "/time-off", doctor.token(), timeOffDay());
            assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
            return api.delete("/api/doctors/" + doctor.id() + "/time-off/" + taken.object().get("id"), token(u));
        });
        a.put("GET /api/appointments/", u -> api.get("/api/appointments/", token(u)));
        a.put("GET /api/appointments/search/", u -> api.get("/api/appointments/search/?doctor=dana", token(u)));
        a.put("POST /api/appointments/", u -> {
            makeRoomForABooking();
            var availability = ownedAvailability();
            return api.post("/api/appointments/", token(u), forPatient(u, Map.of("doctor", doctor.id(), "date", availability.get("date"),
                    "time_slot", availability.get("time_slot"))));
        });
        a.put("GET /api/appointments/{id}/", u -> api.get("/api/appointments/" + ownedAppointment().get("id") + "/", token(u)));
        a.put("PUT /api/appointments/{id}/", u -> {
            var appointment = ownedAppointment();
            var target = ownedAvailability();
            return api.put("/api/appointments/" + appointment.get("id") + "/", token(u),
                    forPatient(u, Map.of("doctor", doctor.id(), "date", target.get("date"), "time_slot", target.get("time_slot"))));
        });
        a.put("DELETE /api/appointments/{id}/", u -> api.delete("/api/appointments/" + ownedAppointment().get("id") + "/", token(u)));
        // The visit is recorded from the appointment's start: the clock is moved there for the call, then back.
        a.put("POST /api/appointments/{id}/status", u -> {
            var appointment = ownedAppointment();
            stack.clock().set(java.time.Instant.parse((String) appointment.get("start")).plusSeconds(60));
            try {
                return api.post("/api/appointments/" + appointment.get("id") + "/status", token(u), Map.of("status", "arrived"));
            } finally {
                stack.clock().set(java.time.Instant.now());
            }
        });
        a.put("POST /api/waitlist/", u -> api.post("/api/waitlist/", token(u), Map.of("doctor", doctor.id(), "date", freshDay())));
        a.put("GET /api/waitlist/", u -> api.get("/api/waitlist/?date=" + freshDay(), token(u)));
        a.put("DELETE /api/waitlist/{id}/", u -> api.delete("/api/waitlist/" + ownedWaitlistEntry().get("id") + "/", token(u)));
        a.put("POST /api/waitlist/{id}/accept", u -> api.post("/api/waitlist/" + ownedOfferedEntry().get("id") + "/accept", token(u), Map.of()));
        a.put("POST /api/waitlist/{id}/decline", u -> api.post("/api/waitlist/" + ownedOfferedEntry().get("id") + "/decline", token(u), Map.of()));
        a.put("GET /api/calendar.ics", u -> api.get("/api/calendar.ics", token(u)));
        a.put("POST /api/calendar/feed", u -> api.post("/api/calendar/feed", token(u), null));
        a.put("DELETE /api/calendar/feed", u -> api.delete("/api/calendar/feed", token(u)));
        // The URL is the credential: whoever presents the patient's live feed URL gets the patient's calendar.
        a.put("GET /api/calendar/{file}", u -> {
            String url = (String) api.post("/api/calendar/feed", patient.token(), null).object().get("url");
            return api.get(url.substring(url.indexOf("/api/")), token(u));
        });
        a.put("GET /api/me/notifications", u -> api.get("/api/me/notifications", token(u)));
        a.put("PUT /api/me/notifications", u -> api.put("/api/me/notifications", token(u), Map.of("own_changes", true)));
        // The route's doctor is the "doctor" column's; the policy set is no rule at all, so no other cell changes.
        a.put("GET /api/doctors/{id}/policy", u -> api.get("/api/doctors/" + doctor.id() + "/policy", token(u)));
        a.put("PUT /api/doctors/{id}/policy", u -> api.put("/api/doctors/" + doctor.id() + "/policy", token(u),
                "{\"min_notice_minutes\":null,\"horizon_days\":null,\"cancel_cutoff_hours\":null}"));
        // The directory (issue 20): the same list and the same profile every time, so no other cell changes.
        a.put("GET /api/specialties", u -> api.get("/api/specialties", token(u)));
        a.put("PUT /api/specialties", u -> api.put("/api/specialties", token(u), List.of("cardiology")));
        a.put("GET /api/doctors/{id}/profile", u -> api.get("/api/doctors/" + doctor.id() + "/profile", token(u)));
        a.put("PUT /api/doctors/{id}/profile", u -> api.put("/api/doctors/" + doctor.id() + "/profile", token(u),
                "{\"display_name\":\"Dana Owner\",\"specialties\":[],\"languages\":[\"en\"],\"bio\":null}"));
        a.put("GET /api/doctors", u -> api.get("/api/doctors?q=dana", token(u)));
        a.put("POST /api/register_staff/", u -> api.post("/api/register_staff/", token(u), account("s")));
        a.put("GET /api/patients", u -> api.get("/api/patients?q=pat", token(u)));
        return a;
    }

    /** Issue 20: staff and admins book and move for a patient they name, the owning one. */
    private Map<String, Object> forPatient(User caller, Map<String, Object> body) {
        if (caller != staff && caller != admin) {
            return body;
        }
        Map<String, Object> named = new LinkedHashMap<>(body);
        named.put("patient", patient.id());
        return named;
    }

    private Map<String, Object> timeOffDay() {
        String day = LocalDate.now(ZoneOffset.UTC).plusYears(3).plusDays(sequence.incrementAndGet()).toString();
        return Map.of("from", day, "to", day, "reason", "matrix");
    }

    private Map<String, Object> account(String prefix) {
        String username = prefix + "matrix" + sequence.incrementAndGet();
        return Map.of("user", Map.of("username", username, "email", username + "@example.com", "password", Users.PASSWORD));
    }

    private static String token(User user) {
        return user == null ? null : user.token();
    }

    @Test
    void everyRouteAnswersEveryKindOfCallerAsTheTableSays() {
        Map<String, Function<User, Api.Reply>> actions = actions();
        List<String> mismatches = new ArrayList<>();
        for (Cell cell : cells()) {
            Function<User, Api.Reply> action = actions.get(cell.route());
            assertThat(action).as("no action for " + cell.route()).isNotNull();
            Api.Reply reply = action.apply(caller(cell.caller()));
            if (reply.status() != cell.expected()) {
                mismatches.add(cell.route() + " as " + cell.caller() + ": expected " + cell.expected() + ", got " + reply);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(actions.keySet()).hasSize(47);
        assertAuditClean();
    }

    @Test
    void everyRouteAnswersStaffAsItsColumnSays() {
        Map<String, Function<User, Api.Reply>> actions = actions();
        Map<String, Integer> column = new LinkedHashMap<>();
        STAFF_COLUMN.lines().filter(l -> !l.isBlank()).forEach(line -> {
            String[] parts = line.trim().split("\\s+");
            column.put(parts[0] + " " + parts[1], Integer.parseInt(parts[2]));
        });
        assertThat(column.keySet()).as("a staff cell for every route of the matrix").isEqualTo(actions.keySet());
        List<String> mismatches = new ArrayList<>();
        column.forEach((route, expected) -> {
            Api.Reply reply = actions.get(route).apply(staff);
            if (reply.status() != expected) {
                mismatches.add(route + " as staff: expected " + expected + ", got " + reply);
            }
        });
        assertThat(mismatches).isEmpty();
        assertAuditClean();
    }
}
