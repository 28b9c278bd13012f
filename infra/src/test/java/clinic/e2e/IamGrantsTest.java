package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.App;
import clinic.infra.CfnTemplate;
import clinic.infra.LocalResources;
import clinic.infra.Repo;
import clinic.support.Api.Reply;
import clinic.support.EndToEndTest;
import clinic.support.IamCalls.Permission;
import clinic.support.IamCalls;
import clinic.support.IamGrants;
import clinic.support.Users.User;
import clinic.support.Users;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.crac.Resource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * IAM, which no emulator checks: every function of template.yaml is granted exactly what its SDK
 * calls need, nothing missing (AccessDenied on AWS) and nothing unused (more than it needs). The
 * calls are recorded while this class drives every route through the local API, with successes
 * and the errors that take other paths, plus every handler's SnapStart priming; it stands alone,
 * whatever other classes run. A new function or route is picked up from the template: its grants
 * must then be exercised here, or this fails naming them.
 */
class IamGrantsTest extends EndToEndTest {
    private static final CfnTemplate TEMPLATE = CfnTemplate.read(Repo.template());

    private final IamCalls calls = new IamCalls(TEMPLATE.handlers());
    /** Faults to inject once, by operation name: what moto cannot produce (a throttled Cognito, a lost race). */
    private final Map<String, RuntimeException> faults = new ConcurrentHashMap<>();
    /** A BatchGetItem of booking leaves out the idempotency record holding this text, as if it were written just after. */
    private volatile String hideIdempotencyRecord;
    /**
     * Run once, just before the first follow-up offer of this doctor's slot leaves (an offer made after its
     * declaration's own transaction had no room for it: 5 items, the availability first), with that slot's sort key.
     */
    private final java.util.concurrent.atomic.AtomicReference<Map.Entry<String, java.util.function.Consumer<String>>> beforeFollowUpOffer =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(calls, new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                RuntimeException fault = faults.remove(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                if (fault != null) {
                    throw fault;
                }
                var hook = beforeFollowUpOffer.get();
                if (hook != null && context.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest tx
                        && tx.transactItems().size() == 5 && tx.transactItems().getFirst().update() != null
                        && tx.transactItems().getFirst().update().key().get("PK").s().equals("DOCTOR#" + hook.getKey())
                        && beforeFollowUpOffer.compareAndSet(hook, null)) {
                    hook.getValue().accept(tx.transactItems().getFirst().update().key().get("SK").s());
                }
            }

            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                String hidden = hideIdempotencyRecord;
                if (hidden != null && context.response() instanceof BatchGetItemResponse batch) {
                    hideIdempotencyRecord = null;
                    var responses = new java.util.HashMap<String, List<Map<String, AttributeValue>>>();
                    batch.responses().forEach((table, items) -> responses.put(table, items.stream()
                            .filter(item -> item.values().stream().noneMatch(v -> v.s() != null && v.s().contains(hidden))).toList()));
                    return batch.toBuilder().responses(responses).build();
                }
                return context.response();
            }
        });
    }

    @Test
    void everyFunctionIsGrantedExactlyWhatItsCallsNeed() {
        calls.name(stack.config().tableName(), "Table").name(stack.config().userPoolId(), "UserPool")
                .name(stack.events().bus(), "EventBus").name(stack.config().scheduleGroup(), "ScheduleGroup")
                .name(stack.config().schedulerRoleArn(), "SchedulerRole").name(LocalResources.SENDER, "NotificationSender");
        driveTokens();
        driveRegistration();
        driveTimeSlots();
        driveAvailabilityAndAppointments();
        driveWaitlist();
        driveCalendars();
        driveOffers();
        driveOfferPathsOnlyARaceReaches();
        driveNotificationPreferences();
        driveBookingPolicies();
        driveDirectory();
        driveWorkingHours();
        driveTimeOff();
        driveVisit();
        // The booking events the appointments above wrote, published from the stream as Lambda would.
        stack.publisherSource().drain();
        driveNotifications();
        driveOutboxReconciler();
        new clinic.timeslots.PopulateTimeSlots(stack.app()).handleRequest(Map.of(), null);
        catalogWithoutItsSlotTable();
        new clinic.timeslots.PopulateTimeSlots(stack.app()).handleRequest(Map.of(), null);
        primeEveryHandler();

        Map<String, Set<Permission>> needed = calls.needs();
        Map<String, Set<Permission>> granted = IamGrants.of(TEMPLATE);
        List<String> wrong = new ArrayList<>();
        for (String function : TEMPLATE.functions().keySet()) {
            Set<Permission> needs = needed.getOrDefault(function, Set.of());
            Set<Permission> grants = granted.getOrDefault(function, Set.of());
            Set<Permission> missing = new TreeSet<>(needs);
            missing.removeAll(grants);
            Set<Permission> unused = new TreeSet<>(grants);
            unused.removeAll(needs);
            if (!missing.isEmpty()) {
                wrong.add(function + " lacks " + missing);
            }
            if (!unused.isEmpty()) {
                wrong.add(function + " is granted, and never uses, " + unused);
            }
        }
        assertThat(needed.keySet()).as("functions that made calls").isSubsetOf(TEMPLATE.functions().keySet());
        assertThat(wrong).as("template.yaml grants versus the calls each function made").isEmpty();
    }

    private void driveTokens() {
        User user = users.patient("Tia Token");
        expect(200, api.post("/api/api/token_obtain/", null, Map.of("username", user.username(), "password", Users.PASSWORD)));
        expect(401, api.post("/api/api/token_obtain/", null, Map.of("username", user.username(), "password", "Wrong-pass-1")));
        expect(200, api.post("/api/api/token_refresh/", null, Map.of("refresh", user.tokens().refresh())));
        expect(401, api.post("/api/api/token_refresh/", null, Map.of("refresh", "not-a-token")));
        expect(200, api.post("/api/api/token_verify/", null, Map.of("token", user.token())));
        expect(401, api.post("/api/api/token_verify/", null, Map.of("token", "not-a-token")));
    }

    private void driveRegistration() {
        User admin = users.admin();
        expect(201, api.post("/api/register_patient/", null, signUp("iam-patient")));
        expect(409, api.post("/api/register_patient/", null, signUp("iam-patient")));
        expect(400, api.post("/api/register_patient/", null, Map.of("user", Map.of("username", "weak"))));
        expect(201, api.post("/api/register_doctor/", admin.token(), signUp("iam-doctor")));
        expect(409, api.post("/api/register_doctor/", admin.token(), signUp("iam-doctor")));
        // A Cognito user the table does not know (like the first admin): the claim is undone.
        stack.cognito().adminCreateUser(r -> r.userPoolId(stack.config().userPoolId()).username("iam-outsider")
                .messageAction(MessageActionType.SUPPRESS));
        expect(409, api.post("/api/register_patient/", null, signUp("iam-outsider")));
        // Issue 20: staff, registered by an admin, find a patient by name.
        expect(201, api.post("/api/register_staff/", admin.token(), signUp("iam-staff")));
        expect(409, api.post("/api/register_staff/", admin.token(), signUp("iam-staff")));
        expect(200, api.get("/api/patients?q=iam", admin.token()));
        // Cognito refusing half-way: the user made is deleted and the claim undone.
        for (String route : List.of("/api/register_patient/", "/api/register_doctor/", "/api/register_staff/")) {
            faults.put("AdminAddUserToGroup", TooManyRequestsException.builder().message("Rate exceeded (injected)").build());
            expect(503, api.post(route, admin.token(), signUp("iam-throttled")));
        }
    }

    /**
     * The catalog as a deployment from before the catalog item kept its table of slots has it: each
     * function that reads the catalog then reads it by the Query (once; its next change keeps the table).
     */
    private void catalogWithoutItsSlotTable() {
        stack.dynamo().updateItem(r -> r.tableName(stack.config().tableName())
                .key(Map.of("PK", AttributeValue.fromS("TIMESLOT"), "SK", AttributeValue.fromS("CATALOG")))
                .updateExpression("REMOVE slot_table"));
    }

    private void driveTimeSlots() {
        User admin = users.admin();
        User doctor = users.doctor("Tom Slot");
        catalogWithoutItsSlotTable();
        expect(200, api.get("/api/timeslots/", admin.token()));
        expect(200, api.get("/api/timeslots/1/", admin.token()));
        expect(404, api.get("/api/timeslots/999/", admin.token()));
        expect(409, api.post("/api/timeslots/", admin.token(), Map.of("start_time", "09:00:00", "end_time", "09:30:00")));
        expect(400, api.post("/api/timeslots/", admin.token(), Map.of("start_time", "09:30:00", "end_time", "09:00:00")));
        // Room on the grid for one more slot: delete the last standard one, add it back, move it, delete it.
        expect(204, api.delete("/api/timeslots/24/", admin.token()));
        catalogWithoutItsSlotTable();
        Reply created = expect(201, api.post("/api/timeslots/", admin.token(), Map.of("start_time", "20:30:00", "end_time", "21:00:00")));
        String path = "/api/timeslots/" + created.object().get("id") + "/";
        catalogWithoutItsSlotTable();
        expect(200, api.put(path, admin.token(), Map.of("start_time", "20:30:00", "end_time", "21:00:00")));
        expect(404, api.put("/api/timeslots/999/", admin.token(), Map.of("start_time", "20:30:00", "end_time", "21:00:00")));
        expect(204, api.delete(path, admin.token()));
        expect(404, api.delete("/api/timeslots/999/", admin.token()));
        String day = freshDay();
        declare(doctor, day, 23);
        expect(409, api.put("/api/timeslots/23/", admin.token(), Map.of("start_time", "20:30:00", "end_time", "21:00:00")));
        expect(409, api.delete("/api/timeslots/23/", admin.token()));
    }

    private void driveAvailabilityAndAppointments() {
        User admin = users.admin();
        User doctor = users.doctor("Dana Doctor");
        User patient = users.patient("Pat Patient");
        String day = freshDay();
        Map<String, Object> one = declare(doctor, day, 1);
        expect(201, api.post("/api/availabilities/", doctor.token(),
                List.of(Map.of("date", day, "time_slot", 2), Map.of("date", day, "time_slot", 3))));
        expect(409, api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", 1)));
        expect(400, api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", 99)));
        expect(200, api.get("/api/availabilities/?date=" + day, patient.token()));
        expect(200, api.get("/api/availabilities/?doctor=" + doctor.id(), patient.token()));
        expect(200, api.get("/api/availabilities/", patient.token()));
        expect(400, api.get("/api/availabilities/?ordering=doctor_name", patient.token()));
        String availability = "/api/availabilities/" + one.get("id") + "/";
        expect(200, api.get(availability, patient.token()));
        expect(404, api.get("/api/availabilities/nothing/", patient.token()));
        expect(200, api.put(availability, doctor.token(), Map.of("date", day, "time_slot", 1, "is_available", false)));
        expect(200, api.put(availability, doctor.token(), Map.of("date", day, "time_slot", 1, "is_available", true)));
        expect(200, api.put(availability, doctor.token(), Map.of("date", day, "time_slot", 4, "is_available", true)));
        expect(404, api.put("/api/availabilities/nothing/", doctor.token(), Map.of("date", day, "time_slot", 4)));
        Map<String, Object> five = declare(doctor, day, 5);
        expect(204, api.delete("/api/availabilities/" + five.get("id") + "/", doctor.token()));
        expect(404, api.delete("/api/availabilities/nothing/", doctor.token()));

        Map<String, Object> booked = booked(patient, doctor, day, 4);
        String appointment = "/api/appointments/" + booked.get("id") + "/";
        // A doctor's schedule: every status, booked ones with their patient (the appointments read in one batch).
        expect(200, api.get("/api/availabilities/?doctor=" + doctor.id() + "&status=open,closed,booked", doctor.token()));
        expect(403, api.get("/api/availabilities/?doctor=" + doctor.id() + "&status=booked", patient.token()));
        expect(409, api.put(availability, doctor.token(), Map.of("date", day, "time_slot", 4, "is_available", false)));
        expect(409, api.delete(availability, doctor.token()));
        expect(409, book(patient, doctor, day, 4));
        expect(409, book(patient, doctor, day, 9));
        var body = Map.of("doctor", doctor.id(), "date", day, "time_slot", 2);
        expect(201, api.send("POST", "/api/appointments/", patient.token(), body, Map.of("Idempotency-Key", "iam-1")));
        expect(201, api.send("POST", "/api/appointments/", patient.token(), body, Map.of("Idempotency-Key", "iam-1")));
        expect(409, api.send("POST", "/api/appointments/", patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 3),
                Map.of("Idempotency-Key", "iam-1")));
        // A retry that raced its first attempt: the record is not in the pre-read, the write finds it, then reads it.
        hideIdempotencyRecord = "iam-1";
        expect(409, api.send("POST", "/api/appointments/", patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 3),
                Map.of("Idempotency-Key", "iam-1")));

        for (User caller : List.of(patient, doctor, admin)) {
            expect(200, api.get("/api/appointments/?from=" + day + "&to=" + day, caller.token()));
            expect(200, api.get("/api/appointments/search/?doctor=dana&patient=pat", caller.token()));
            expect(200, api.get(appointment, caller.token()));
        }
        expect(400, api.get("/api/appointments/search/", patient.token()));
        expect(404, api.get("/api/appointments/nothing/", patient.token()));
        expect(200, api.put(appointment, patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 3)));
        expect(409, api.put(appointment, patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 9)));
        expect(404, api.put("/api/appointments/nothing/", patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 3)));
        expect(204, api.delete(appointment, doctor.token()));
        expect(204, api.delete(appointment, admin.token()));
        expect(409, api.put(appointment, patient.token(), Map.of("doctor", doctor.id(), "date", day, "time_slot", 1)));
        expect(404, api.delete("/api/appointments/nothing/", patient.token()));
    }

    /** The visit (issue 20): refused before the start, then arrived, fulfilled, and a no-show corrected to arrived. */
    private void driveVisit() {
        User doctor = users.doctor("Vic Visit");
        User patient = users.patient("Pam Visit");
        String day = freshDay();
        declare(doctor, day, 1);
        declare(doctor, day, 2);
        String first = "/api/appointments/" + booked(patient, doctor, day, 1).get("id") + "/status";
        String second = "/api/appointments/" + booked(patient, doctor, day, 2).get("id") + "/status";
        expect(409, api.post(first, doctor.token(), Map.of("status", "arrived")));
        expect(404, api.post("/api/appointments/nothing/status", doctor.token(), Map.of("status", "arrived")));
        stack.clock().set(java.time.LocalDate.parse(day).atTime(10, 0).toInstant(java.time.ZoneOffset.UTC));
        try {
            expect(200, api.post(first, doctor.token(), Map.of("status", "arrived")));
            expect(200, api.post(first, doctor.token(), Map.of("status", "fulfilled")));
            expect(200, api.post(second, doctor.token(), Map.of("status", "noshow")));
            expect(200, api.post(second, doctor.token(), Map.of("status", "arrived")));
        } finally {
            stack.clock().set(java.time.Instant.now());
        }
    }

    private void driveWaitlist() {
        User doctor = users.doctor("Walt Waitlist");
        User patient = users.patient("Wen Waiter");
        String day = freshDay();
        var join = Map.of("doctor", doctor.id(), "date", day);
        Reply joined = expect(201, api.post("/api/waitlist/", patient.token(), join));
        expect(409, api.post("/api/waitlist/", patient.token(), join));
        expect(400, api.post("/api/waitlist/", patient.token(), Map.of("doctor", patient.id(), "date", day)));
        expect(200, api.get("/api/waitlist/", patient.token()));
        expect(200, api.get("/api/waitlist/?date=" + day, doctor.token()));
        expect(204, api.delete("/api/waitlist/" + joined.object().get("id") + "/", patient.token()));
        expect(404, api.delete("/api/waitlist/" + joined.object().get("id") + "/", patient.token()));
    }

    /**
     * Offers made by declaring, reopening, cancelling and leaving on dates with waiters; accepted and
     * declined; their timers set from the bus (twice: the second replaces) and fired past the deadline.
     */
    private void driveOffers() {
        User doctor = users.doctor("Olive Offer");
        List<User> waiters = List.of(users.patient("Oa Waiter"), users.patient("Ob Waiter"), users.patient("Oc Waiter"),
                users.patient("Od Waiter"), users.patient("Oe Waiter"));
        String day = freshDay();
        List<String> entries = new ArrayList<>();
        for (User waiter : waiters) {
            entries.add((String) expect(201, api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", day)))
                    .object().get("id"));
        }
        declare(doctor, day, 1); // offered to the first
        Reply appointment = expect(201, api.post("/api/waitlist/" + entries.get(0) + "/accept", waiters.get(0).token(), Map.of()));
        expect(409, api.post("/api/waitlist/" + entries.get(1) + "/accept", waiters.get(1).token(), Map.of()));
        declare(doctor, day, 2); // offered to the second, who declines: on to the third
        expect(204, api.post("/api/waitlist/" + entries.get(1) + "/decline", waiters.get(1).token(), Map.of()));
        expect(204, api.delete("/api/waitlist/" + entries.get(2) + "/", waiters.get(2).token())); // on to the fourth
        Map<String, Object> closed = declare(doctor, day, 3); // offered to the second, who is free again
        expect(204, api.post("/api/waitlist/" + entries.get(1) + "/decline", waiters.get(1).token(), Map.of())); // the fifth
        expect(204, api.post("/api/waitlist/" + entries.get(4) + "/decline", waiters.get(4).token(), Map.of())); // open
        String path = "/api/availabilities/" + closed.get("id") + "/";
        expect(200, api.put(path, doctor.token(), Map.of("date", day, "time_slot", 3, "is_available", false)));
        expect(200, api.put(path, doctor.token(), Map.of("date", day, "time_slot", 3, "is_available", true))); // to the second
        expect(204, api.delete("/api/appointments/" + appointment.object().get("id") + "/", waiters.get(0).token())); // the fifth
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        String offered = stack.scheduler().pending().isEmpty() ? null : stack.scheduler().pending().getFirst().input();
        assertThat(offered).as("offer timers set from the bus").isNotNull();
        // A redelivered event sets the same timer again: UpdateSchedule.
        stack.functions().invoke("SetOfferTimer", readSample("SetOfferTimer"));
        stack.functions().invoke("SetOfferTimer", readSample("SetOfferTimer"));
        // A timer that fires before its deadline re-arms itself (CreateSchedule, PassRole); fired again
        // within the same second, it sets the same timer again (UpdateSchedule).
        java.time.Instant second = stack.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1);
        List<String> found = new ArrayList<>();
        for (var timer : stack.scheduler().pending().stream().filter(p -> p.target().endsWith("-ExpireOffer")).toList()) {
            for (int twice = 0; twice < 2; twice++) {
                stack.clock().set(second);
                found.add(stack.functions().invoke("ExpireOffer", timer.input()));
            }
        }
        assertThat(found).anySatisfy(f -> assertThat(f).contains("still_live"));
        stack.clock().advance(java.time.Duration.ofMinutes(16));
        assertThat(stack.scheduler().fireDue()).isPositive();
        // The offers the timers passed on lapse too; their timers lost, the sweep passes them on.
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        stack.scheduler().pending().stream().filter(p -> p.target().endsWith("-ExpireOffer"))
                .forEach(p -> stack.app().timers().cancel(p.name()));
        stack.clock().advance(java.time.Duration.ofMinutes(16));
        assertThat(stack.functions().invoke("SweepOffers", readSample("SweepOffers"))).doesNotContain("\"passedOn\":0");
    }

    /**
     * Offer paths that need the state to change between a handler's read and its write, made here
     * by moving the clock back and forth: an accept refused PATIENT_BUSY (the patient booked that
     * half hour elsewhere while the hold had lapsed) passes the offer on, reading the queue and the
     * next waiters' locks; a timer firing early returns; a timer for an offer whose slot was booked
     * directly once lapsed clears what is left of the offer (the entry's copy and the lock); a doctor
     * closes, reopens and deletes a lapsed hold, and a patient moves a booking into one.
     */
    private void driveOfferPathsOnlyARaceReaches() {
        User doctor = users.doctor("Rae Race");
        User elsewhere = users.doctor("Ray Elsewhere");
        User booker = users.patient("Rb Booker");
        List<User> waiters = List.of(users.patient("Ra Waiter"), users.patient("Rc Waiter"));
        String day = freshDay();
        declare(doctor, day, 6);
        declare(elsewhere, day, 6);
        Map<String, Object> seven = declare(doctor, day, 7);
        Map<String, Object> appointment = booked(booker, doctor, day, 6);
        List<String> entries = new ArrayList<>();
        for (User waiter : waiters) {
            entries.add((String) expect(201, api.post("/api/waitlist/", waiter.token(), Map.of("doctor", doctor.id(), "date", day)))
                    .object().get("id"));
        }
        expect(204, api.delete("/api/appointments/" + appointment.get("id") + "/", booker.token())); // held for the first
        java.time.Duration pastTheDeadline = java.time.Duration.ofMinutes(16);
        stack.clock().advance(pastTheDeadline);
        booked(waiters.get(0), elsewhere, day, 6); // the hold had lapsed: the lock is free for this booking
        stack.clock().advance(pastTheDeadline.negated());
        Reply busy = expect(409, api.post("/api/waitlist/" + entries.get(0) + "/accept", waiters.get(0).token(), Map.of()));
        assertThat(busy.code()).isEqualTo("PATIENT_BUSY");

        // The second waiter holds slot 6 now; their timer, fired early, finds the hold live.
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        String timer = stack.scheduler().pending().stream().filter(p -> p.input().contains(entries.get(1))).findFirst()
                .orElseThrow().input();
        stack.functions().invoke("ExpireOffer", timer);
        // Lapsed, then booked directly by someone else before the timer: the timer clears the offer's leftovers.
        stack.clock().advance(pastTheDeadline);
        Map<String, Object> direct = booked(booker, doctor, day, 6);
        stack.functions().invoke("ExpireOffer", timer);
        stack.clock().advance(pastTheDeadline.negated());

        String sevenPath = "/api/availabilities/" + seven.get("id") + "/";
        expect(200, api.put(sevenPath, doctor.token(), Map.of("date", day, "time_slot", 7, "is_available", false)));
        expect(200, api.put(sevenPath, doctor.token(), Map.of("date", day, "time_slot", 7, "is_available", true))); // held
        stack.clock().advance(pastTheDeadline);
        expect(200, api.put(sevenPath, doctor.token(), Map.of("date", day, "time_slot", 7, "is_available", false)));
        stack.clock().advance(pastTheDeadline.negated());
        expect(200, api.put(sevenPath, doctor.token(), Map.of("date", day, "time_slot", 7, "is_available", true))); // held
        stack.clock().advance(pastTheDeadline);
        expect(204, api.delete(sevenPath, doctor.token()));
        stack.clock().advance(pastTheDeadline.negated());
        declare(doctor, day, 8); // held for a waiter
        stack.clock().advance(pastTheDeadline);
        expect(200, api.put("/api/appointments/" + direct.get("id") + "/", booker.token(),
                Map.of("doctor", doctor.id(), "date", day, "time_slot", 8)));
        stack.clock().advance(pastTheDeadline.negated());
        stack.scheduler().pending().forEach(p -> stack.app().timers().cancel(p.name()));
    }

    private static String readSample(String function) {
        try {
            return java.nio.file.Files.readString(Repo.root().resolve("events/" + function + ".json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void driveCalendars() {
        User doctor = users.doctor("Cal Doctor");
        User patient = users.patient("Cal Patient");
        for (User caller : List.of(patient, doctor)) {
            expect(200, api.get("/api/calendar.ics", caller.token()));
            String replaced = feedPath(expect(201, api.post("/api/calendar/feed", caller.token(), null)));
            String current = feedPath(expect(201, api.post("/api/calendar/feed", caller.token(), null)));
            expect(404, api.get(replaced, null));
            expect(200, api.get(current, null));
            expect(204, api.delete("/api/calendar/feed", caller.token()));
            expect(204, api.delete("/api/calendar/feed", caller.token()));
        }
        expect(403, api.get("/api/calendar.ics", users.admin().token()));
    }

    /**
     * The notifier fed by the bus, as its rule would: a booking sets its reminder, a reschedule moves
     * it, a cancel deletes it; a send SES refuses gives its marker back. The reminder function
     * fired by the timer, also with a refused send.
     */
    private void driveNotifications() {
        stack.busRules().deliverOnce();   // whatever the drives above published
        User doctor = users.doctor("Nora Notified");
        User patient = users.patient("Ned Notified");
        String day = LocalDate.now(ZoneOffset.UTC).plusDays(40).toString();
        declare(doctor, day, 1);
        declare(doctor, day, 2);
        Map<String, Object> booked = booked(patient, doctor, day, 1);
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
        expect(200, api.put("/api/appointments/" + booked.get("id") + "/", patient.token(),
                Map.of("doctor", doctor.id(), "date", day, "time_slot", 2)));
        stack.publisherSource().drain();
        faults.put("SendEmail", SesV2Exception.builder().statusCode(500).message("refused (injected)").build());
        assertThatThrownBy(() -> stack.busRules().deliverOnce()).isInstanceOf(SesV2Exception.class);
        stack.busRules().deliverOnce();
        var timer = stack.scheduler().pending().stream().filter(p -> p.name().equals("remind-" + booked.get("id"))).findFirst().orElseThrow();
        faults.put("SendEmail", SesV2Exception.builder().statusCode(500).message("refused (injected)").build());
        assertThatThrownBy(() -> stack.functions().invoke("Remind", timer.input())).isInstanceOf(SesV2Exception.class);
        stack.functions().invoke("Remind", timer.input());
        expect(204, api.delete("/api/appointments/" + booked.get("id") + "/", patient.token()));
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
    }

    /** An event the stream lost (its records expired before any publisher took them), published by the reconciler. */
    private void driveOutboxReconciler() {
        User doctor = users.doctor("Rex Republish");
        User patient = users.patient("Rita Republish");
        String day = LocalDate.now(ZoneOffset.UTC).plusDays(41).toString();
        declare(doctor, day, 1);
        booked(patient, doctor, day, 1);
        stack.publisherSource().expireUnread();
        stack.clock().advance(java.time.Duration.ofMinutes(clinic.events.OutboxReconciler.DEFAULT_MINUTES + 1));
        assertThat(stack.functions().invoke("RepublishOutbox", readSample("RepublishOutbox"))).isEqualTo("{\"republished\":1}");
    }

    /** A doctor's own policy set, cleared and read; a patient's lists under it; a patient's cancel past nothing (the guarded write). */
    private void driveBookingPolicies() {
        User admin = users.admin();
        User doctor = users.doctor("Polly Policy");
        User patient = users.patient("Pat Policy");
        String policy = "/api/doctors/" + doctor.id() + "/policy";
        expect(200, api.put(policy, admin.token(), "{\"min_notice_minutes\":60,\"horizon_days\":400,\"cancel_cutoff_hours\":null}"));
        expect(400, api.put(policy, admin.token(), Map.of("horizon_days", -1)));
        expect(404, api.put("/api/doctors/" + patient.id() + "/policy", admin.token(), NO_RULES));
        expect(200, api.get(policy, patient.token()));
        expect(200, api.get("/api/availabilities/?doctor=" + doctor.id(), patient.token()));
        expect(200, api.get("/api/availabilities/", patient.token()));
        String day = freshDay();
        declare(doctor, day, 1);
        Map<String, Object> booked = booked(patient, doctor, day, 1);
        expect(204, api.delete("/api/appointments/" + booked.get("id") + "/", patient.token()));
        expect(200, api.put(policy, admin.token(), NO_RULES));
    }

    /** The doctors' directory (issue 20): the list added to and cut, a profile saved, renamed and refused, both lists, the open list by specialty. */
    private void driveDirectory() {
        User admin = users.admin();
        User doctor = users.doctor("Dina Directory");
        User patient = users.patient("Pat Directory");
        expect(200, api.put("/api/specialties", admin.token(), List.of("iam-cardiology", "iam-dermatology")));
        expect(400, api.put("/api/specialties", admin.token(), List.of("Not A Slug")));
        expect(200, api.get("/api/specialties", patient.token()));
        String profile = "/api/doctors/" + doctor.id() + "/profile";
        expect(200, api.put(profile, doctor.token(), Map.of("display_name", "Dina Directory", "specialties",
                List.of("iam-cardiology", "iam-dermatology"), "languages", List.of("en"), "bio", "Hearts.")));
        expect(409, api.put("/api/specialties", admin.token(), List.of("iam-cardiology")));
        expect(200, api.put(profile, admin.token(), Map.of("display_name", "Dina Renamed", "specialties",
                List.of("iam-cardiology"), "languages", List.of(), "bio", "Hearts.")));
        expect(400, api.put(profile, doctor.token(), Map.of("display_name", "Dina", "specialties", List.of("iam-unknown"),
                "languages", List.of(), "bio", "")));
        expect(200, api.put("/api/specialties", admin.token(), List.of("iam-cardiology")));
        expect(200, api.get(profile, patient.token()));
        expect(404, api.get("/api/doctors/" + patient.id() + "/profile", patient.token()));
        expect(200, api.get("/api/doctors?q=dina", patient.token()));
        expect(200, api.get("/api/doctors?specialty=iam-cardiology", patient.token()));
        declare(doctor, freshDay(), 1);
        expect(200, api.get("/api/availabilities/?specialty=iam-cardiology", patient.token()));
        expect(200, api.get("/api/availabilities/?specialty=iam-unknown", patient.token()));
    }

    private static final String NO_RULES = "{\"min_notice_minutes\":null,\"horizon_days\":null,\"cancel_cutoff_hours\":null}";

    /** Working hours: a fill that declares (with an offer), removes and finds a conflict; hand edits of one, two and three dates; the roll-forward. */
    private void driveWorkingHours() {
        User admin = users.admin();
        User doctor = users.doctor("Hana Hours");
        User patient = users.patient("Wes Waiter");
        LocalDate monday = stack.app().clock().today().with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
        String hours = "/api/doctors/" + doctor.id() + "/hours";
        expect(201, api.post("/api/waitlist/", patient.token(), Map.of("doctor", doctor.id(), "date", monday.toString())));
        expect(200, api.put(hours, doctor.token(), Map.of("effective_from", monday.toString(),
                "week", Map.of("monday", List.of(Map.of("from", "09:00", "to", "11:00"))))));
        booked(users.patient("Bo Booked"), doctor, monday.toString(), 4);
        expect(200, api.put(hours, admin.token(), Map.of("effective_from", monday.toString(),
                "week", Map.of("monday", List.of(Map.of("from", "14:00", "to", "15:00"))))));
        expect(400, api.put(hours, doctor.token(), Map.of("effective_from", monday.toString(), "week", Map.of("funday", List.of()))));
        expect(403, api.put(hours, users.doctor("Oz Other").token(), Map.of("effective_from", monday.toString(), "week", Map.of())));
        expect(404, api.put("/api/doctors/" + patient.id() + "/hours", admin.token(), Map.of("effective_from", monday.toString(), "week", Map.of())));
        expect(200, api.get(hours, doctor.token()));
        expect(404, api.get("/api/doctors/" + patient.id() + "/hours", admin.token()));
        // Hand edits: a declaration over three dates marks them in a batch.
        expect(201, api.post("/api/availabilities/", doctor.token(), List.of(
                Map.of("date", monday.plusDays(1).toString(), "time_slot", 1), Map.of("date", monday.plusDays(2).toString(), "time_slot", 1),
                Map.of("date", monday.plusDays(3).toString(), "time_slot", 1))));
        // The pattern changed with no fill after it (as if that run was lost): the day's roll-forward makes
        // the last week of the horizon match it, removing and declaring slots, offering one to a waiter.
        LocalDate last = stack.app().clock().today().plusWeeks(clinic.availability.WorkingHoursService.DEFAULT_HORIZON_WEEKS).minusDays(1);
        LocalDate rolled = last.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        expect(201, api.post("/api/waitlist/", users.patient("Rolf Waiter").token(), Map.of("doctor", doctor.id(), "date", rolled.toString())));
        new clinic.store.WorkingHoursStore(stack.app().table()).set(new clinic.domain.UserRef(doctor.id(), doctor.username(), doctor.name()),
                clinic.domain.WeeklyPattern.of(rolled, null, Map.of("monday", List.of(new clinic.domain.WeeklyPattern.Hours(
                        java.time.LocalTime.of(16, 0), java.time.LocalTime.of(17, 0))))), List.of(), List.of());
        assertThat(stack.functions().invoke("RollWorkingHours", readSample("RollWorkingHours"))).contains("\"declared\":2");
        driveARollsFollowUpOfferOfASlotBookedMeanwhile(rolled);
    }

    /**
     * A day's roll declares a whole date (the catalog's 23 or 24 slots, 3 items each and the mark's check) whose
     * 8 waiters are offered a slot each: at most seven offers fit in the declaration's transaction, the others
     * follow, each in a write of its own. A patient books the first of those slots just before its offer, so
     * the follow-up finds it changed and reads it again (a GetItem) before giving up.
     */
    private void driveARollsFollowUpOfferOfASlotBookedMeanwhile(LocalDate rolled) {
        User doctor = users.doctor("Fion Fullday");
        User booker = users.patient("Quin Quick");
        for (int i = 0; i < 8; i++) {
            expect(201, api.post("/api/waitlist/", users.patient("Fay Follow" + i).token(),
                    Map.of("doctor", doctor.id(), "date", rolled.toString())));
        }
        new clinic.store.WorkingHoursStore(stack.app().table()).set(new clinic.domain.UserRef(doctor.id(), doctor.username(), doctor.name()),
                clinic.domain.WeeklyPattern.of(rolled, null, Map.of("monday", List.of(new clinic.domain.WeeklyPattern.Hours(
                        java.time.LocalTime.of(9, 0), java.time.LocalTime.of(21, 0))))), List.of(), List.of());
        List<Reply> booking = new java.util.concurrent.CopyOnWriteArrayList<>();
        beforeFollowUpOffer.set(Map.entry(doctor.id(), slotKey -> booking.add(
                book(booker, doctor, rolled.toString(), Integer.parseInt(slotKey.substring(slotKey.length() - 4))))));
        try {
            int slots = new clinic.store.TimeSlotStore(stack.app().table()).catalog().slots().size();
            assertThat(stack.functions().invoke("RollWorkingHours", readSample("RollWorkingHours"))).contains("\"declared\":" + slots);
        } finally {
            beforeFollowUpOffer.set(null);
        }
        assertThat(booking).as("the booking made between the declaration and its follow-up offer").singleElement()
                .satisfies(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(201));
    }

    /**
     * Time off: one that closes an open slot and lists a booked one, one that cancels a booked one; bad input,
     * 403, 404, 409; the list;
     * its end, which reopens a closed slot with an offer to a waiter and declares a half hour the pattern
     * gained meanwhile (also with an offer).
     */
    private void driveTimeOff() {
        User admin = users.admin();
        User doctor = users.doctor("Tess Timeoff");
        LocalDate monday = stack.app().clock().today().with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
        String hours = "/api/doctors/" + doctor.id() + "/hours";
        String timeOff = "/api/doctors/" + doctor.id() + "/time-off";
        expect(200, api.put(hours, doctor.token(), Map.of("effective_from", monday.toString(),
                "week", Map.of("monday", List.of(Map.of("from", "09:00", "to", "10:00"))))));
        booked(users.patient("Bert Booked"), doctor, monday.toString(), 2);
        Reply taken = api.post(timeOff, doctor.token(), Map.of("from", monday.toString(), "to", monday.toString(), "reason", "leave"));
        expect(201, taken);
        // "cancel_booked": the booked appointment of the next Monday is cancelled with its time off, its slot closed.
        booked(users.patient("Cleo Cancelled"), doctor, monday.plusWeeks(1).toString(), 1);
        expect(201, api.post(timeOff, doctor.token(), Map.of("from", monday.plusWeeks(1).toString(), "to", monday.plusWeeks(1).toString(),
                "cancel_booked", true)));
        expect(403, api.post(timeOff, users.doctor("Ole Other").token(), Map.of("from", monday.toString(), "to", monday.toString())));
        expect(404, api.post("/api/doctors/" + admin.id() + "/time-off", admin.token(), Map.of("from", monday.toString(), "to", monday.toString())));
        expect(409, api.post(timeOff, admin.token(), Map.of("from", monday.toString(), "to", monday.plusDays(1).toString())));
        expect(200, api.get(timeOff, admin.token()));
        expect(404, api.get("/api/doctors/" + admin.id() + "/time-off", admin.token()));
        expect(200, api.put(hours, doctor.token(), Map.of("effective_from", monday.toString(),
                "week", Map.of("monday", List.of(Map.of("from", "09:00", "to", "10:30"))))));
        expect(201, api.post("/api/waitlist/", users.patient("Wanda Waiter").token(), Map.of("doctor", doctor.id(), "date", monday.toString())));
        expect(201, api.post("/api/waitlist/", users.patient("Walt Waiter").token(), Map.of("doctor", doctor.id(), "date", monday.toString())));
        expect(204, api.delete(timeOff + "/" + taken.object().get("id"), admin.token()));
        expect(404, api.delete(timeOff + "/" + taken.object().get("id"), admin.token()));
    }

    private void driveNotificationPreferences() {
        User doctor = users.doctor("Pref Doctor");
        expect(200, api.get("/api/me/notifications", doctor.token()));
        expect(200, api.put("/api/me/notifications", doctor.token(), Map.of("own_changes", false)));
        expect(400, api.put("/api/me/notifications", doctor.token(), Map.of("own_changes", "no")));
        expect(403, api.get("/api/me/notifications", users.admin().token()));
    }

    private static String feedPath(Reply created) {
        String url = (String) created.object().get("url");
        return url.substring(url.indexOf("/api/"));
    }

    /** Every handler's SnapStart hook, as Lambda runs it before the snapshot. */
    private void primeEveryHandler() {
        for (String handler : TEMPLATE.handlers().values()) {
            if (handlerOf(handler, stack.app()) instanceof Resource resource) {
                try {
                    resource.beforeCheckpoint(null);
                } catch (Exception e) {
                    throw new AssertionError(handler + "'s snapshot hook threw", e);
                }
            }
        }
    }

    static Object handlerOf(String className, App app) {
        try {
            Class<?> handler = Class.forName(className);
            try {
                return handler.getConstructor(App.class).newInstance(app);
            } catch (NoSuchMethodException needsNoApp) {
                return handler.getConstructor().newInstance(); // DefaultRoute: no AWS, no App
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("template.yaml names handler " + className + " that cannot be built", e);
        }
    }

    private static Map<String, Object> signUp(String username) {
        return Map.of("user", Map.of("username", username, "email", username + "@example.com", "password", Users.PASSWORD),
                "name", "Iam " + username);
    }

    private static Reply expect(int status, Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        return reply;
    }
}
