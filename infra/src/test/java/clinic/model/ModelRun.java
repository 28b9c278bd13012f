package clinic.model;

import clinic.infra.LocalResources;
import clinic.model.Model.Appt;
import clinic.model.Model.Avail;
import clinic.model.Model.Entry;
import clinic.model.Model.Hold;
import clinic.model.Model.Offer;
import clinic.model.Model.Status;
import clinic.store.TableAudit;
import clinic.support.Api;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One model run: three patients, two doctors and an admin, fresh, on a date of their own, with the
 * stack's clock set to 08:20 of that date. Each step is sent over HTTP to the real handlers; its
 * answer must be what the {@link Model} predicts (never a 5xx); then the bus and the timers run,
 * the table is read, and it must break no audit rule, hold what the model holds, and keep the
 * liveness promises (an offer passes on within 2 minutes of its deadline).
 */
final class ModelRun {
    /** The slots a run uses (09:00-11:30): few, so that operations meet. */
    static final int SLOTS = 6;
    private static final Duration GRACE = Duration.ofMinutes(2);
    /** How often the template runs the offer sweep (OfferSweepMinutes' default). */
    private final Duration sweepPeriod;
    private static final Duration TOLERANCE = Duration.ofSeconds(5);
    private static final int[] LIMITS = {1, 2, 3, 10, 99, 100, 101, 499, 500};

    private final LocalResources stack;
    private final Api api;
    private final clinic.infra.LocalEventSource publisher;
    private final Faults faults;
    private final Coverage coverage;
    private final List<User> patients;
    private final List<User> doctors;
    private final User admin;
    private final Model model;
    private final String day;
    private final List<String> log = new ArrayList<>();
    /** Holds made by a step whose deadline is read back from the table (the server's clock read it): avail id to the earliest it may be. */
    private final Map<String, Instant> fresh = new HashMap<>();
    /** Timer inputs seen pending, so a fired one can be fired again. */
    private final Set<String> timerInputs = new TreeSet<>();
    /** Inputs of timers that never fire (lost): their offers end at the sweep, within its period. */
    private final Set<String> lostTimers = new TreeSet<>();
    private Step.Op armedFault;
    /** Whether a timer may have come due since the pipeline last ran (the clock moved, or a step set one). */
    private boolean clockMoved;
    /** Whether the last request's write met the competitor of a race step. */
    private boolean lastRaced;
    private int faultKind = -1;

    ModelRun(LocalResources stack, clinic.infra.LocalEventSource publisher, Api api, Faults faults, Coverage coverage, List<User> patients, List<User> doctors,
             User admin, LocalDate date) {
        this.stack = stack;
        this.api = api;
        this.publisher = publisher;
        this.faults = faults;
        this.coverage = coverage;
        this.patients = patients;
        this.doctors = doctors;
        this.admin = admin;
        this.model = new Model(date);
        this.day = date.toString();
        this.sweepPeriod = stack.scheduler().recurringSchedules().get("SweepOffers");
        // Nothing of a run that failed reaches this one: no fault or competitor left armed, no interrupt left set.
        faults.clear();
        Thread.interrupted();
        stack.clock().set(date.atTime(8, 20).toInstant(java.time.ZoneOffset.UTC));
    }

    /**
     * Whether a run failed since the stack was made: what it left (a breach of a rule, a weakened
     * write) is on the table, where the audit's Scan of the next run would find it and fail that run
     * at its first step; the next run takes a fresh stack.
     */
    static volatile boolean failed;

    void run(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            steerClearOfEdges();
            log.add(i + ": " + step);
            try {
                execute(step);
                if (i == steps.size() - 1) {
                    publish(); // what the run's last changes announce reaches its subscribers (and the IAM record)
                }
                afterStep();
            } catch (AssertionError | RuntimeException e) {
                failed = true;
                throw new AssertionError("step " + i + " " + step + " failed: " + e.getMessage()
                        + "\n  run so far:\n    " + String.join("\n    ", log)
                        + "\n  replay: -Dmodel.replay=\"" + Step.format(steps.subList(0, i + 1)) + "\"", e);
            }
        }
        if (Boolean.getBoolean("model.trace")) {
            System.out.println("[model] run:\n    " + String.join("\n    ", log));
        }
    }

    // ---------------------------------------------------------------- steps

    /**
     * Operations left out of this JVM's runs ({@code -Dmodel.skip=TIMER_EARLY,LOST_ANSWER}), to look
     * past a known defect while its fix is elsewhere; {@code LOST_ANSWER} leaves out that fault only.
     */
    static final Set<String> SKIPPED = Set.of(System.getProperty("model.skip", "").split(","));

    private void execute(Step s) {
        if (SKIPPED.contains(s.op().name()) || s.op() == Step.Op.FAULT && s.a() % 3 == 2 && SKIPPED.contains("LOST_ANSWER")) {
            coverage.count("skipped " + s.op());
            return;
        }
        coverage.count("op " + s.op());
        if (EnumSet.of(Step.Op.CLOCK, Step.Op.CLOCK_LARGE, Step.Op.TIMER_EARLY, Step.Op.TIMER_TWICE,
                Step.Op.TIMER_LOST).contains(s.op())) {
            publish(); // the offers made so far have their timers before the clock moves past them
        }
        switch (s.op()) {
            case DECLARE -> declare(s);
            case CLOSE -> change(s, false);
            case REOPEN -> change(s, true);
            case MOVE -> move(s);
            case DELETE -> deleteAvailability(s);
            case BOOK -> book(s);
            case CANCEL -> cancel(s);
            case RESCHEDULE -> reschedule(s);
            case JOIN -> join(s);
            case LEAVE -> leave(s);
            case ACCEPT -> acceptOrDecline(s, true);
            case DECLINE -> acceptOrDecline(s, false);
            case CLOCK -> advance(Duration.ofMinutes(1 + s.a() % 20).plusSeconds(5 + s.b() % 50));
            case CLOCK_LARGE -> advance(Duration.ofHours(1 + s.a() % 3).plusSeconds(5 + s.b() % 50));
            case TIMER_EARLY -> timerEarly(s);
            case TIMER_TWICE -> timerTwice(s);
            case TIMER_LOST -> timerLost(s);
            case LIST -> list(s);
            case RACE -> race(s);
            case COMPETE -> compete(s);
            case POLICY -> policy(s);
            case HOURS -> hours(s);
            case ROLL -> roll();
            case TIME_OFF -> timeOff(s);
            case JOIN_CAP -> joinRacesJoinForTheLastSeat(s);
            case SLOT_EDIT -> slotEditRacesDeclaration(s);
            case PROFILE -> profile(s);
            case LIST_SPECIALTY -> listSpecialty(s);
            case STAFF -> staff(s);
            case VISIT -> visit(s);
            case DIRECTORY_RACE -> directoryRace(s);
            case FAULT -> {
                faultKind = s.a() % 3;
                armedFault = s.op();
            }
        }
    }

    private void declare(Step s) {
        int doctor = s.a() % doctors.size();
        List<Integer> slots = new ArrayList<>();
        for (int slot = 1; slot <= SLOTS; slot++) {
            if ((s.b() >> (slot - 1) & 1) == 1 || slots.isEmpty() && slot == 1 + s.b() % SLOTS) {
                slots.add(slot);
            }
        }
        if (slots.isEmpty()) {
            slots.add(1 + s.b() % SLOTS);
        }
        List<Map<String, Object>> body = new ArrayList<>();
        for (int slot : slots) {
            boolean open = (s.c() >> (slot - 1) & 1) == 0 || s.c() % 2 == 0;
            body.add(Map.of("date", day, "time_slot", slot, "is_available", open));
        }
        Instant now = now();
        boolean exists = slots.stream().anyMatch(slot -> model.at(doctor, slot).isPresent());
        Api.Reply reply = send("POST", "/api/availabilities", doctors.get(doctor), body.size() == 1 ? body.getFirst() : body);
        model.editedByHand.add(doctor); // marked before the write, so also when it is refused
        if (exists) {
            expect(reply, 409, "ALREADY_EXISTS");
            return;
        }
        expect(reply, 201, null);
        List<Map<String, Object>> created = body.size() == 1 ? List.of(reply.object()) : reply.array();
        for (int i = 0; i < slots.size(); i++) {
            String id = (String) created.get(i).get("id");
            boolean open = (Boolean) body.get(i).get("is_available");
            model.avails.put(id, new Avail(id, doctor, slots.get(i), open ? Status.OPEN : Status.CLOSED, null, null, Set.of()));
            if (open) {
                opened(id, Set.of(), now);
            }
        }
    }

    /** Close ({@code available} false) or reopen one of the doctor's availabilities, or another's (403), or a deleted one (404). */
    private void change(Step s, boolean available) {
        int doctor = s.a() % doctors.size();
        Optional<Avail> target = pick(model.availsOf(s.b() % 5 == 0 ? 1 - doctor : doctor), s.c());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        Instant now = now();
        Api.Reply reply = send("PUT", "/api/availabilities/" + a.id(), doctors.get(doctor),
                Map.of("date", day, "time_slot", a.slot(), "is_available", available));
        if (a.doctor() != doctor) {
            expect(reply, 403, null);
            return;
        }
        if (a.status() == Status.BOOKED || model.liveHeld(a, now)) {
            expect(reply, 409, "SLOT_BOOKED");
            return;
        }
        expect(reply, 200, null);
        Status effective = model.effective(a, now);
        if (!available && effective != Status.CLOSED) {
            model.avails.put(a.id(), a.with(Status.CLOSED, null, null, Set.of()));
            model.editedByHand.add(doctor);
        } else if (available && effective == Status.CLOSED) {
            opened(a.id(), Set.of(), now);
            model.editedByHand.add(doctor);
        }
    }

    private void move(Step s) {
        int doctor = s.a() % doctors.size();
        Optional<Avail> target = pick(model.availsOf(doctor), s.b());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        int slot = 1 + s.c() % SLOTS;
        if (slot == a.slot()) {
            return;
        }
        boolean available = s.d() % 3 != 0;
        Instant now = now();
        Api.Reply reply = send("PUT", "/api/availabilities/" + a.id(), doctors.get(doctor),
                Map.of("date", day, "time_slot", slot, "is_available", available));
        if (a.status() == Status.BOOKED || model.liveHeld(a, now)) {
            expect(reply, 409, "SLOT_BOOKED");
        } else if (model.at(doctor, slot).isPresent()) {
            expect(reply, 409, "ALREADY_EXISTS");
            model.editedByHand.add(doctor);
        } else {
            expect(reply, 200, null);
            model.avails.put(a.id(), a.movedTo(slot, available ? Status.OPEN : Status.CLOSED));
            model.editedByHand.add(doctor);
        }
    }

    private void deleteAvailability(Step s) {
        int doctor = s.a() % doctors.size();
        if (s.b() % 6 == 0 && !model.goneAvails.isEmpty()) {
            String gone = new ArrayList<>(model.goneAvails).get(s.c() % model.goneAvails.size());
            expect(send("DELETE", "/api/availabilities/" + gone, doctors.get(doctor), null), 404, null);
            return;
        }
        Optional<Avail> target = pick(model.availsOf(doctor), s.c());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        Instant now = now();
        Api.Reply reply = send("DELETE", "/api/availabilities/" + a.id(), doctors.get(doctor), null);
        if (a.status() == Status.BOOKED || model.liveHeld(a, now)) {
            expect(reply, 409, "SLOT_BOOKED");
            return;
        }
        expect(reply, 204, null);
        model.avails.remove(a.id());
        model.goneAvails.add(a.id());
        model.editedByHand.add(doctor);
    }

    /**
     * Issue 19: a weekly pattern for the run's date alone (until that date), one range of the run's
     * slots, set by the doctor or an admin (another doctor: 403). Unless the doctor edited the date by
     * hand, the date then has the open slots the range names that it lacked and had not started
     * (offered to waiters as any opened slot), and none of the open ones it no longer names; booked
     * ones it no longer names are its conflicts, held and closed ones stay.
     */
    private void hours(Step s) {
        int doctor = s.a() % doctors.size();
        int from = 1 + s.b() % SLOTS;
        int to = Math.min(SLOTS + 1, from + 1 + s.c() % SLOTS);
        User caller = switch (s.d() % 4) {
            case 0 -> admin;
            case 1 -> doctors.get(1 - doctor);
            default -> doctors.get(doctor);
        };
        String weekday = model.date.getDayOfWeek().name().toLowerCase(Locale.ROOT);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("effective_from", day);
        body.put("until", day);
        body.put("week", Map.of(weekday, List.of(Map.of("from", halfHour(from), "to", halfHour(to)))));
        Instant now = now();
        Api.Reply reply = send("PUT", "/api/doctors/" + doctors.get(doctor).id() + "/hours", caller, body);
        if (caller != admin && caller != doctors.get(doctor)) {
            expect(reply, 403, null);
            return;
        }
        if (LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).isAfter(model.date)) {
            expect(reply, 400, "VALIDATION_ERROR"); // effective_from is in the past by then
            return;
        }
        expect(reply, 200, null);
        model.patterns.put(doctor, new int[] {from, to});
        Set<String> expectedConflicts = new TreeSet<>();
        if (!model.editedByHand.contains(doctor) && !model.timeOff.containsKey(doctor)) {
            coverage.count("hours: the pattern fills the date");
            for (Avail a : List.copyOf(model.availsOf(doctor))) {
                if (from <= a.slot() && a.slot() < to) {
                    continue;
                }
                if (a.status() == Status.BOOKED) {
                    expectedConflicts.add(a.appointment());
                } else if (a.status() == Status.OPEN && !model.started(a.slot(), now)) {
                    model.avails.remove(a.id());
                    model.goneAvails.add(a.id());
                }
            }
            var store = new clinic.store.AvailabilityStore(stack.app().table());
            for (int slot = from; slot < to; slot++) {
                if (model.at(doctor, slot).isEmpty() && !model.started(slot, now)) {
                    String id = store.at(doctors.get(doctor).id(), model.date, slot)
                            .orElseThrow(() -> new AssertionError("the pattern did not declare a slot it names")).id();
                    model.avails.put(id, new Avail(id, doctor, slot, Status.OPEN, null, null, Set.of()));
                    opened(id, Set.of(), now);
                }
            }
        } else {
            coverage.count("hours: a date edited by hand is left alone");
        }
        Set<String> conflicts = new TreeSet<>();
        for (Object c : (List<?>) reply.object().get("conflicts")) {
            conflicts.add((String) ((Map<?, ?>) c).get("appointment"));
        }
        if (!conflicts.equals(expectedConflicts)) {
            throw new AssertionError("conflicts " + conflicts + ", the model's " + expectedConflicts);
        }
    }

    /**
     * Issue 19: time off over the run's date, by the doctor or an admin (another doctor: 403); or, if the
     * doctor has one, its end (with {@code b} even; else the same request again, which is that time off). Taking it
     * closes every open (or lapsed) slot of the doctor's that has not started, lists the booked ones (with
     * {@code c % 4 == 3}, "cancel_booked": true, cancels those that have not started, closes their slots, and
     * lists those), leaves a live hold held; the pattern then leaves the date alone. Ending it, unless the doctor edited
     * the date by hand, reopens the closed slots the pattern names (offered as any reopened slot), then
     * fills the date as a pattern change does.
     */
    private void timeOff(Step s) {
        int doctor = s.a() % doctors.size();
        User caller = switch (s.d() % 4) {
            case 0 -> admin;
            case 1 -> doctors.get(1 - doctor);
            default -> doctors.get(doctor);
        };
        boolean allowed = caller == admin || caller == doctors.get(doctor);
        String path = "/api/doctors/" + doctors.get(doctor).id() + "/time-off";
        String existing = model.timeOff.get(doctor);
        Instant now = now();
        if (existing != null && s.b() % 2 == 0) {
            Api.Reply reply = send("DELETE", path + "/" + existing, caller, null);
            if (!allowed) {
                expect(reply, 403, null);
                return;
            }
            expect(reply, 204, null);
            model.timeOff.remove(doctor);
            model.markedAway.remove(doctor);
            int[] pattern = model.patterns.get(doctor);
            if (model.editedByHand.contains(doctor) || pattern == null) {
                coverage.count("time off: ended, the date not the pattern's");
                return;
            }
            coverage.count("time off: ended, the date back to the pattern");
            List<Avail> mine = model.availsOf(doctor).stream().sorted(java.util.Comparator.comparingInt(Avail::slot)).toList();
            for (Avail a : mine) {
                if (a.status() == Status.CLOSED && pattern[0] <= a.slot() && a.slot() < pattern[1] && !model.started(a.slot(), now)) {
                    opened(a.id(), Set.of(), now);
                }
            }
            if (LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).isAfter(model.date)) {
                return;
            }
            for (Avail a : List.copyOf(model.availsOf(doctor))) {
                if ((a.slot() < pattern[0] || a.slot() >= pattern[1]) && a.status() == Status.OPEN && !model.started(a.slot(), now)) {
                    model.avails.remove(a.id());
                    model.goneAvails.add(a.id());
                }
            }
            var store = new clinic.store.AvailabilityStore(stack.app().table());
            for (int slot = pattern[0]; slot < pattern[1]; slot++) {
                if (model.at(doctor, slot).isEmpty() && !model.started(slot, now)) {
                    String id = store.at(doctors.get(doctor).id(), model.date, slot)
                            .orElseThrow(() -> new AssertionError("ending time off did not declare a slot the pattern names")).id();
                    model.avails.put(id, new Avail(id, doctor, slot, Status.OPEN, null, null, Set.of()));
                    opened(id, Set.of(), now);
                }
            }
            return;
        }
        // c % 4 == 3: "cancel_booked": true, which cancels the booked appointments it would list.
        boolean cancelBooked = s.c() % 4 == 3;
        Map<String, Object> body = new LinkedHashMap<>(Map.of("from", day, "to", day, "reason", "model"));
        if (cancelBooked) {
            body.put("cancel_booked", true);
        }
        Api.Reply reply = send("POST", path, caller, body);
        if (LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).isAfter(model.date)) {
            expect(reply, 400, "VALIDATION_ERROR"); // from is in the past by then (checked with the body, before the caller)
            return;
        }
        if (!allowed) {
            expect(reply, 403, null);
            return;
        }
        expect(reply, 201, null);
        if (existing != null && !existing.equals(reply.object().get("id"))) {
            // The same dates and reason again: that time off, which closes what opened since (a hand declaration).
            throw new AssertionError("time off taken again answered " + reply.object().get("id") + ", not " + existing);
        }
        model.timeOff.put(doctor, (String) reply.object().get("id"));
        if (!model.editedByHand.contains(doctor)) {
            model.markedAway.add(doctor); // its mark, where no hand edit's was (a retry's finds its own)
        }
        Set<String> expectedBooked = new TreeSet<>();
        int expectedClosed = 0;
        int expectedHeld = 0;
        for (Avail a : List.copyOf(model.availsOf(doctor))) {
            if (a.status() == Status.BOOKED && cancelBooked) {
                if (!model.started(a.slot(), now)) {
                    // Cancelled as its doctor's cancel is, and the slot closes with it: offered to no one (RELEASE_CLOSED).
                    coverage.count("time off: cancels a booked appointment, its slot closed");
                    expectedBooked.add(a.appointment());
                    Appt appt = model.appts.get(a.appointment());
                    model.appts.put(appt.id(), new Appt(appt.id(), appt.patient(), appt.doctor(), appt.slot(), false));
                    model.avails.put(a.id(), a.with(Status.CLOSED, null, null, Set.of()));
                }
            } else if (a.status() == Status.BOOKED) {
                expectedBooked.add(a.appointment());
            } else if (model.liveHeld(a, now)) {
                expectedHeld++;
            } else if (model.effective(a, now) == Status.OPEN && !model.started(a.slot(), now)) {
                model.avails.put(a.id(), a.with(Status.CLOSED, null, null, Set.of()));
                expectedClosed++;
            }
        }
        coverage.count(expectedClosed > 0 ? "time off: closes open slots" : "time off: nothing open to close");
        Set<String> booked = new TreeSet<>();
        for (Object b : (List<?>) reply.object().get("booked")) {
            booked.add((String) ((Map<?, ?>) b).get("appointment"));
        }
        if (!booked.equals(expectedBooked) || ((Number) reply.object().get("closed")).intValue() != expectedClosed
                || ((List<?>) reply.object().get("held")).size() != expectedHeld) {
            throw new AssertionError("time off answered " + reply.object() + ", the model's booked " + expectedBooked
                    + ", closed " + expectedClosed + ", held " + expectedHeld);
        }
    }

    private static String halfHour(int slotBound) {
        return java.time.LocalTime.of(9, 0).plusMinutes(30L * (slotBound - 1)).toString();
    }

    /** The day's roll-forward: it fills the horizon's last week, so the run's date (today) is as it was. */
    private void roll() {
        String answer = stack.functions().invoke("RollWorkingHours", "{}");
        if (!answer.contains("\"declared\"")) {
            throw new AssertionError("the roll-forward answered " + answer);
        }
    }

    private void book(Step s) {
        int patient = s.a() % patients.size();
        int doctor = s.b() % doctors.size();
        int slot = 1 + s.c() % SLOTS;
        Instant now = now();
        Map<String, String> headers = s.d() % 2 == 0 ? Map.of("Idempotency-Key", "k-" + java.util.UUID.randomUUID()) : Map.of();
        Api.Reply reply = send("POST", "/api/appointments", patients.get(patient),
                Map.of("doctor", doctors.get(doctor).id(), "date", day, "time_slot", slot), headers);
        Optional<Avail> target = model.at(doctor, slot);
        Optional<String> refusal = model.refusalOfBooking(patient, target, slot, now, null);
        if (refusal.isPresent()) {
            expect(reply, 409, refusal.get());
            return;
        }
        expect(reply, 201, null);
        String id = (String) reply.object().get("id");
        booked(id, patient, target.get());
    }

    private void booked(String appointmentId, int patient, Avail a) {
        model.appts.put(appointmentId, new Appt(appointmentId, patient, a.doctor(), a.slot(), true));
        model.avails.put(a.id(), a.with(Status.BOOKED, appointmentId, null, Set.of()));
        fresh.remove(a.id());
    }

    /** Its patient, its doctor or the admin cancels (always 204); another patient gets 404. */
    private void cancel(Step s) {
        Optional<Appt> target = pick(new ArrayList<>(model.appts.values()), s.b());
        if (target.isEmpty()) {
            return;
        }
        Appt appt = target.get();
        int who = s.a() % 6;
        User caller = who < 3 ? patients.get(who) : who < 5 ? doctors.get(who - 3) : admin;
        boolean sees = who < 3 ? appt.patient() == who : who < 5 ? appt.doctor() == who - 3 : true;
        if (!sees && s.c() % 3 != 0) {
            caller = patients.get(appt.patient());
            sees = true;
        }
        Instant now = now();
        Api.Reply reply = send("DELETE", "/api/appointments/" + appt.id(), caller, null);
        if (!sees) {
            expect(reply, 404, null);
            return;
        }
        if (model.visits.containsKey(appt.id())) {
            expect(reply, 409, "VISIT_RECORDED"); // issue 20: a recorded visit stays
            return;
        }
        if (appt.booked() && patients.contains(caller) && model.pastCutoff(appt.doctor(), appt.slot(), now)) {
            expect(reply, 409, "CANCEL_CUTOFF"); // doctors and the admin are exempt
            return;
        }
        expect(reply, 204, null);
        if (appt.booked()) {
            Set<String> stillBusy = entryIdsOf(appt.patient());
            model.appts.put(appt.id(), new Appt(appt.id(), appt.patient(), appt.doctor(), appt.slot(), false));
            model.holding(appt.id()).ifPresent(a -> released(a.id(), stillBusy, now));
        }
    }

    private void reschedule(Step s) {
        int patient = s.a() % patients.size();
        Optional<Appt> target = pick(model.apptsOf(patient), s.b());
        if (target.isEmpty()) {
            return;
        }
        Appt appt = target.get();
        int doctor = s.c() % doctors.size();
        int slot = 1 + s.d() % SLOTS;
        Instant now = now();
        Api.Reply reply = send("PUT", "/api/appointments/" + appt.id(), patients.get(patient),
                Map.of("doctor", doctors.get(doctor).id(), "date", day, "time_slot", slot));
        if (model.visits.containsKey(appt.id())) {
            expect(reply, 409, "VISIT_RECORDED");
            return;
        }
        if (!appt.booked()) {
            expect(reply, 409, "NOT_BOOKED");
            return;
        }
        if (appt.doctor() == doctor && appt.slot() == slot) {
            expect(reply, 200, null);
            return;
        }
        Optional<Avail> to = model.at(doctor, slot);
        // The target as read (the lifecycle, its doctor's notice and horizon), then the write's first item: the cutoff of the slot it leaves.
        if (to.isPresent() && model.bookable(to.get(), now) && model.refusalOfPolicy(doctor, slot, now).isEmpty()
                && model.pastCutoff(appt.doctor(), appt.slot(), now)) {
            expect(reply, 409, "CANCEL_CUTOFF");
            return;
        }
        Optional<String> refusal = model.refusalOfBooking(patient, to, slot, now, appt.id());
        if (refusal.isPresent()) {
            expect(reply, 409, refusal.get());
            return;
        }
        expect(reply, 200, null);
        Optional<Avail> from = model.holding(appt.id());
        booked(appt.id(), patient, to.get());
        from.ifPresent(a -> released(a.id(), entryIdsOf(patient), now));
    }

    /**
     * Issue 20: the visit's status, mostly of an appointment that has started ({@code d} even), mostly
     * by its doctor ({@code d} not a multiple of 3). Its doctor or the admin records it (the model's table: NOT_BOOKED,
     * INVALID_TRANSITION, NOT_STARTED, or 200 with the status set, or unchanged); its patient is 403;
     * anyone else, who does not see it, 404. The answer's status and history are checked.
     */
    private void visit(Step s) {
        Instant read = now();
        // Mostly an appointment that has started (the clock reaches few), and mostly by one who may record it.
        List<Appt> started = model.appts.values().stream().filter(a -> model.started(a.slot(), read)).toList();
        Optional<Appt> target = pick(s.d() % 2 == 0 && !started.isEmpty() ? started : new ArrayList<>(model.appts.values()), s.b());
        if (target.isEmpty()) {
            return;
        }
        Appt appt = target.get();
        int who = s.a() % 7; // patients 0-2, doctors 3-4, the admin 5, staff 6
        if (s.d() % 3 != 0 && who < 5 && (who < 3 || appt.doctor() != who - 3)) {
            who = 3 + appt.doctor();
        }
        User caller = who < 3 ? patients.get(who) : who < 5 ? doctors.get(who - 3) : who == 5 ? admin : staffMember();
        String to = List.of("arrived", "fulfilled", "noshow").get(s.c() % 3);
        Instant now = now();
        Api.Reply reply = send("POST", "/api/appointments/" + appt.id() + "/status", caller, Map.of("status", to));
        if (who < 3) {
            expect(reply, appt.patient() == who ? 403 : 404, null);
            return;
        }
        if (who < 5 && appt.doctor() != who - 3) {
            expect(reply, 404, null);
            return;
        }
        String answer = model.visitAnswer(appt, to, now);
        coverage.count("visit " + answer + (answer.equals("CHANGED") ? " to " + to : ""));
        if (!answer.equals("CHANGED") && !answer.equals("UNCHANGED")) {
            expect(reply, 409, answer);
            return;
        }
        expect(reply, 200, null);
        if (answer.equals("CHANGED")) {
            model.visits.put(appt.id(), to);
        }
        Object history = reply.object().get("status_history");
        long changes = history instanceof List<?> list ? list.size() : -1;
        if (!to.equals(reply.object().get("status")) || changes < 1) {
            throw new AssertionError("the visit answered " + reply + " for " + to);
        }
    }

    private void join(Step s) {
        int patient = s.a() % patients.size();
        int doctor = s.b() % doctors.size();
        int window = s.c() % 4;
        int fromSlot = window == 1 ? 1 : window == 2 ? 3 : 1;
        int toSlot = window == 1 ? 3 : window == 2 ? SLOTS : 24;
        Map<String, Object> body = new LinkedHashMap<>(Map.of("doctor", doctors.get(doctor).id(), "date", day));
        if (window == 1 || window == 2) {
            body.put("from_time", model.start(fromSlot).atZone(java.time.ZoneOffset.UTC).toLocalTime() + ":00");
            body.put("to_time", model.start(toSlot).plus(Duration.ofMinutes(30)).atZone(java.time.ZoneOffset.UTC).toLocalTime() + ":00");
        }
        Api.Reply reply = send("POST", "/api/waitlist", patients.get(patient), body);
        if (model.entries.values().stream().anyMatch(e -> e.patient() == patient && e.doctor() == doctor)) {
            expect(reply, 409, "ALREADY_EXISTS");
        } else if (model.appts.values().stream().anyMatch(a -> a.booked() && a.patient() == patient && a.doctor() == doctor)) {
            expect(reply, 409, "ALREADY_BOOKED");
        } else if (waiting(patient) >= stack.config().maxWaitlistEntries()) {
            expect(reply, 409, "WAITLIST_LIMIT");
        } else {
            expect(reply, 201, null);
            model.join((String) reply.object().get("id"), patient, doctor, fromSlot, toSlot);
        }
    }

    /**
     * The catalog changes under a declaration (issue 18): an admin reshapes the clinic's evening
     * (every time slot from 20:00 deleted, one slot 20:00-21:00 made, X; the model's own slots are
     * the morning's), then a doctor declares X, closed, on a date of its own far ahead, while the
     * admin, between the declaration's read and its write, moves X's end (b = 0), its start (1), or
     * deletes it (2). The declaration's write holds only while X has the times it read: it reads
     * again and declares X as it now is (201 with the new times), or answers that X is gone; the
     * audit checks that the availability has its slot's times. Or the other order: the declaration
     * lands between an admin's change (3) or deletion (4) of X and its write, which then finds X in
     * use (409 IN_USE). The declaration is deleted again:
     * nothing of it reaches the run's date, its waiters or its hand-edit marks.
     */
    private void slotEditRacesDeclaration(Step s) {
        armedFault = null; // a fault's retry would send the write again without its competitor
        User doctor = doctors.get(s.a() % doctors.size());
        int variant = s.b() % 5;
        for (Map<String, Object> slot : api.get("/api/timeslots/", admin.token()).array()) {
            if (((String) slot.get("start_time")).compareTo("20:00:00") >= 0) {
                expect(send("DELETE", "/api/timeslots/" + slot.get("id") + "/", admin, null), 204, null);
            }
        }
        Api.Reply made = send("POST", "/api/timeslots/", admin, Map.of("start_time", "20:00:00", "end_time", "21:00:00"));
        expect(made, 201, null);
        Object x = made.object().get("id");
        Map<String, Object> moved = variant == 0 ? Map.of("start_time", "20:00:00", "end_time", "20:30:00")
                : Map.of("start_time", "20:30:00", "end_time", "21:00:00");
        String far = model.date.plusDays(200).toString();
        Map<String, Object> declaration = Map.of("date", far, "time_slot", x, "is_available", false);
        if (variant >= 3) { // the other order: the declaration lands between the change's read and its write
            coverage.count("race: a time slot's " + (variant == 3 ? "change" : "deletion") + " against a declaration of it");
            faults.beforeNextWrite(competitor("POST", "/api/availabilities", doctor, declaration));
            Api.Reply change = variant == 3 ? send("PUT", "/api/timeslots/" + x + "/", admin, moved)
                    : send("DELETE", "/api/timeslots/" + x + "/", admin, null);
            Api.Reply declared = competitorAnswer();
            expect(declared, 201, null);
            expect(change, 409, "IN_USE");
            expect(send("DELETE", "/api/availabilities/" + declared.object().get("id") + "/", doctor, null), 204, null);
            return;
        }
        coverage.count("race: a declaration against its time slot's " + List.of("new end", "new start", "deletion").get(variant));
        faults.beforeNextWrite(variant == 2 ? competitor("DELETE", "/api/timeslots/" + x + "/", admin, null)
                : competitor("PUT", "/api/timeslots/" + x + "/", admin, moved));
        Api.Reply reply = send("POST", "/api/availabilities", doctor, declaration);
        if (!lastRaced) {
            throw new AssertionError("the declaration never wrote: " + reply);
        }
        if (variant == 2) {
            expect(competitorAnswer(), 204, null);
            expect(reply, 400, "VALIDATION_ERROR");
            return;
        }
        expect(competitorAnswer(), 200, null);
        expect(reply, 201, null);
        if (!moved.get("start_time").equals(reply.object().get("start_time")) || !moved.get("end_time").equals(reply.object().get("end_time"))) {
            throw new AssertionError("the declaration kept the times it read before its slot moved: " + reply.body());
        }
        expect(send("DELETE", "/api/availabilities/" + reply.object().get("id") + "/", doctor, null), 204, null);
    }

    /** Entries a patient holds on later dates than the run's (made by {@link #joinRacesJoinForTheLastSeat}): only the cap sees them. */
    private final Map<Integer, List<String>> laterEntries = new HashMap<>();
    /** Later dates used so far: each join of one takes a date of its own. */
    private int laterDates;

    /** What counts against a patient's cap: their entries for today or later. */
    private int waiting(int patient) {
        boolean dayPast = LocalDate.ofInstant(now(), java.time.ZoneOffset.UTC).isAfter(model.date);
        return (dayPast ? 0 : model.entriesOf(patient).size()) + laterEntries.getOrDefault(patient, List.of()).size();
    }

    private Api.Reply joinLater(int patient, int doctor) {
        String date = model.date.plusDays(10 + laterDates++).toString();
        return send("POST", "/api/waitlist", patients.get(patient), Map.of("doctor", doctors.get(doctor).id(), "date", date));
    }

    /**
     * The cap on a patient's entries (issue 18): a patient joins later dates until one seat is left,
     * then two joins race for it (the competitor's lands between the other's read and write): one
     * entry, and 409 WAITLIST_LIMIT (the seat's condition decides, as both counted the same entries).
     * With {@code d} even the later entries are left again (their seats free for reuse); odd, they
     * stay, and the run's own joins meet the cap.
     */
    private void joinRacesJoinForTheLastSeat(Step s) {
        armedFault = null; // a fault's retry would turn a fill's answer into ALREADY_EXISTS
        int patient = s.a() % patients.size();
        int doctor = s.b() % doctors.size();
        int cap = stack.config().maxWaitlistEntries();
        if (waiting(patient) >= cap) {
            return;
        }
        List<String> later = laterEntries.computeIfAbsent(patient, p -> new ArrayList<>());
        while (waiting(patient) < cap - 1) {
            Api.Reply filled = joinLater(patient, doctor);
            expect(filled, 201, null);
            later.add((String) filled.object().get("id"));
        }
        coverage.count("race: a join against another join for the patient's last seat");
        String competing = model.date.plusDays(10 + laterDates++).toString();
        faults.beforeNextWrite(competitor("POST", "/api/waitlist", patients.get(patient),
                Map.of("doctor", doctors.get(1 - doctor).id(), "date", competing)));
        Api.Reply reply = joinLater(patient, doctor);
        Api.Reply first = competitorAnswer();
        expect(first, 201, null);
        later.add((String) first.object().get("id"));
        expect(reply, 409, "WAITLIST_LIMIT");
        if (s.d() % 2 == 0) {
            for (String id : later) {
                expect(send("DELETE", "/api/waitlist/" + id, patients.get(patient), null), 204, null);
            }
            later.clear();
        }
    }

    private void leave(Step s) {
        int patient = s.a() % patients.size();
        if (s.b() % 5 == 0 && !model.goneEntries.isEmpty()) {
            String gone = new ArrayList<>(model.goneEntries).get(s.c() % model.goneEntries.size());
            expect(send("DELETE", "/api/waitlist/" + gone, patients.get(patient), null), 404, null);
            return;
        }
        Optional<Entry> target = pick(model.entriesOf(patient), s.c());
        if (target.isEmpty()) {
            return;
        }
        Entry e = target.get();
        Instant now = now();
        expect(send("DELETE", "/api/waitlist/" + e.id(), patients.get(patient), null), 204, null);
        if (e.hasLiveOffer(now)) {
            heldFor(e).ifPresent(a -> passedOn(a.id(), now));
        }
        model.entries.remove(e.id());
        model.goneEntries.add(e.id());
    }

    private void acceptOrDecline(Step s, boolean accept) {
        int patient = s.a() % patients.size();
        List<Entry> own = model.entriesOf(patient);
        // Mostly the entry with an offer, if any: that is where the edges are.
        List<Entry> offered = own.stream().filter(e -> e.offer() != null).toList();
        Optional<Entry> target = pick(s.b() % 4 != 0 && !offered.isEmpty() ? offered : own, s.c());
        if (target.isEmpty()) {
            return;
        }
        Entry e = target.get();
        Instant now = now();
        Api.Reply reply = send("POST", "/api/waitlist/" + e.id() + (accept ? "/accept" : "/decline"), patients.get(patient), Map.of());
        if (e.offer() == null) {
            expect(reply, 409, "NO_OFFER");
            return;
        }
        if (!e.hasLiveOffer(now)) {
            expectOneOf(reply, 409, Set.of("OFFER_EXPIRED", "NO_OFFER"));
            return;
        }
        Avail held = heldFor(e).orElseThrow(() -> new AssertionError("model: live offer " + e + " without its hold"));
        if (accept) {
            expect(reply, 201, null);
            String id = (String) reply.object().get("id");
            model.entries.remove(e.id());
            model.goneEntries.add(e.id());
            booked(id, patient, held);
        } else {
            expect(reply, 204, null);
            passedOn(held.id(), now);
        }
    }

    /**
     * A write that races a timer: the operation reads, then, before its write goes out, the clock
     * passes a hold's deadline and the timer passes the offer on. {@code a} even: a patient books
     * the lapsed hold (it read it as open); odd: the waiter accepts (it read the offer live). Only
     * the write's conditions can refuse it.
     */
    private void race(Step s) {
        Instant now = now();
        // A race against a timer needs the timer: holds whose timer was lost (TIMER_LOST) are left to the sweep.
        List<Avail> held = model.avails.values().stream().filter(a -> model.liveHeld(a, now))
                .filter(a -> lostTimers.stream().noneMatch(input -> input.contains(a.hold().entry()))).toList();
        Optional<Avail> target = pick(held, s.b());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        publish(); // its timer is set
        Optional<clinic.infra.LocalScheduler.Pending> timer = timerOf(a);
        if (timer.isEmpty()) {
            return;
        }
        armedFault = null; // a fault's retry would send the write again without its competitor
        boolean booking = s.a() % 2 == 0;
        Instant lapsed = lapsedFor(a, timer.get());
        Runnable onlyItsTimerFires = firesAlone(timer.get());
        Runnable timerFires = () -> {
            stack.clock().set(lapsed);
            onlyItsTimerFires.run();
        };
        if (booking) {
            stack.clock().set(lapsed);
            timerFires = onlyItsTimerFires;
        }
        coverage.count(booking ? "race: a booking of a lapsed hold against its timer" : "race: an accept against its deadline and timer");
        faults.beforeNextWrite(timerFires);
        clockMoved = true;
        if (booking) {
            int patient = s.c() % patients.size();
            // Refused by its doctor's policy as read (the lapsed hold is bookable then): no write, so no race; the timer passes it on after.
            Optional<String> byPolicy = model.started(a.slot(), lapsed) ? Optional.empty() : model.refusalOfPolicy(a.doctor(), a.slot(), lapsed);
            Api.Reply reply = send("POST", "/api/appointments", patients.get(patient),
                    Map.of("doctor", doctors.get(a.doctor()).id(), "date", day, "time_slot", a.slot()));
            if (byPolicy.isPresent()) {
                expect(reply, 409, byPolicy.get());
                onlyItsTimerFires.run();
                passedOn(a.id(), now());
                return;
            }
            // The timer passed it on first: booked if that opened it to everyone, else held for the next waiter.
            Instant at = now();
            passedOn(a.id(), at);
            Avail after = model.avails.get(a.id());
            Optional<String> refusal = model.refusalOfBooking(patient, Optional.of(after), a.slot(), at, null);
            if (refusal.isPresent()) {
                expect(reply, 409, refusal.get());
            } else {
                expect(reply, 201, null);
                booked((String) reply.object().get("id"), patient, after);
            }
        } else {
            Entry e = model.entries.get(a.hold().entry());
            Api.Reply reply = send("POST", "/api/waitlist/" + e.id() + "/accept", patients.get(e.patient()), Map.of());
            if (!lastRaced) {
                throw new AssertionError("the accept of a live offer never wrote: " + reply);
            }
            passedOn(a.id(), now());
            expectOneOf(reply, 409, Set.of("OFFER_EXPIRED", "NO_OFFER"));
        }
    }

    // ---------------------------------------------------------------- races (issue 18 §2)

    /**
     * A request whose read and write a competitor comes between ({@link Faults#beforeNextWrite}), so
     * that only the write's conditions can refuse it: each kind is the race that one of the store's
     * conditions decides (docs/decisions.md, "Conditions, weakened one at a time"). {@code a} picks
     * the kind; a kind with no target in the run's state does nothing.
     */
    private void compete(Step s) {
        armedFault = null; // a fault's retry would send the write again without its competitor
        switch (s.a() % 13) {
            case 0 -> passOnRacesBooking(s);
            case 1 -> declineRacesTimer(s);
            case 2 -> openingRacesLeave(s);
            case 3 -> openingRacesOpening(s);
            case 4 -> removalRacesBooking(s);
            case 5 -> rescheduleRacesCancel(s);
            case 6 -> joinRacesJoin(s);
            case 7 -> acceptRacesItsDeadline(s);
            case 8 -> leaveRacesAnOffer(s);
            case 9 -> bookingRacesItsRetry(s);
            case 10 -> bookingRacesOwnBookingElsewhere(s);
            case 11 -> declarationRacesDeclaration(s);
            default -> leaveRacesLeave(s);
        }
    }

    private final java.util.concurrent.atomic.AtomicReference<Api.Reply> competitorReply = new java.util.concurrent.atomic.AtomicReference<>();

    /** A competitor that sends one request (on its own thread, between the racing request's read and write). */
    private Runnable competitor(String method, String path, User caller, Object body) {
        competitorReply.set(null);
        return () -> competitorReply.set(api.send(method, path, caller.token(), body, Map.of()));
    }

    /** The competitor's answer; it must have run (the racing request reached its write). */
    private Api.Reply competitorAnswer() {
        Api.Reply reply = competitorReply.get();
        if (reply == null) {
            throw new AssertionError("the competitor never ran: the racing request did not write");
        }
        log.add("      (competitor) -> " + reply.status() + " " + abbreviated(reply.body()));
        return reply;
    }

    /**
     * The pending timer of a hold (its latest, if it was set again): the entry's timer for this doctor's
     * slot. The entry alone is not enough: a timer of an earlier offer to the same entry (declined, of
     * another slot) stays pending until it fires and finds nothing (a soak found a race firing that one).
     */
    private Optional<clinic.infra.LocalScheduler.Pending> timerOf(Avail held) {
        String doctor = "\"doctor\":\"" + doctors.get(held.doctor()).id() + "\"";
        String slot = "\"slot\":" + held.slot() + ",";
        return ours(stack.scheduler().pending()).stream()
                .filter(p -> p.input().contains(held.hold().entry()) && p.input().contains(doctor) && p.input().contains(slot))
                .max(java.util.Comparator.comparing(clinic.infra.LocalScheduler.Pending::at));
    }

    /**
     * Fires one timer, as the scheduler fires a due one, and no other. A race runs only its hold's
     * timer between the racing write's read and its write; other holds lapsed by then are passed on
     * after the step by their own timers. Fired together, in the scheduler's unstable order, one of
     * them could offer the racing patient a slot first, and the step's prediction would hang on that
     * order (a seed found it: a booking predicted OFFER_HELD answered 201). That interleaving (another
     * hold's pass-on between a racing read and its write) is left unmodelled.
     */
    private Runnable firesAlone(clinic.infra.LocalScheduler.Pending timer) {
        return () -> {
            log.add("      " + now() + " timer " + timer.input());
            if (!stack.scheduler().fire(timer)) {
                throw new AssertionError("the raced timer was gone before it fired: " + timer);
            }
        };
    }

    /** When a race's timer fires: a minute after the hold's deadline, or at the timer's own time if that is later. */
    private static Instant lapsedFor(Avail held, clinic.infra.LocalScheduler.Pending timer) {
        Instant lapsed = held.hold().deadline().plusSeconds(61);
        return timer.at().isAfter(lapsed) ? timer.at() : lapsed;
    }

    /** Live holds whose timer is still pending (not lost), so that a race can run it. */
    private List<Avail> liveHoldsWithTimers(Instant now) {
        return model.avails.values().stream().filter(a -> model.liveHeld(a, now))
                .filter(a -> lostTimers.stream().noneMatch(input -> input.contains(a.hold().entry()))).toList();
    }

    /**
     * The timer (or the sweep: the same code) passes on a lapsed hold while, between its read and its
     * write, a patient books the hold directly (a lapsed hold is bookable): the booking wins, and the
     * timer, reading again, only clears what is left of the offer. Decides the pass-on's condition on
     * the availability ({@code stillHeldBy}).
     */
    private void passOnRacesBooking(Step s) {
        Optional<Avail> target = pick(liveHoldsWithTimers(now()), s.b());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        publish(); // its timer is set
        Optional<clinic.infra.LocalScheduler.Pending> timer = timerOf(a);
        if (timer.isEmpty()) {
            return;
        }
        // d: 0, a patient books the lapsed hold; 1, its waiter books the same half hour with the other
        // doctor (the offer's lock becomes a booking's); 2, its doctor's reopen offers its waiter another slot.
        int variant = s.d() % 3;
        int patient = variant == 0 ? s.c() % patients.size() : a.hold().patient();
        int doctor = variant == 1 ? 1 - a.doctor() : a.doctor();
        stack.clock().set(a.hold().deadline().plusSeconds(61));
        clockMoved = true;
        Instant at = now();
        Optional<Avail> booked = model.at(doctor, a.slot());
        Optional<Map.Entry<Avail, Entry>> reopened = closedWithWaiter(a.doctor(), at).stream()
                .filter(c -> c.getValue().id().equals(a.hold().entry())).findFirst();
        if (variant == 1 && booked.isEmpty() || variant == 2 && reopened.isEmpty()) {
            return;
        }
        Optional<String> refusal = model.refusalOfBooking(patient, booked, a.slot(), at, null);
        coverage.count("race: a pass-on (timer) against " + List.of("a direct booking of the lapsed hold",
                "its waiter's booking elsewhere at that half hour", "a new offer to its waiter").get(variant));
        stack.app().timers().cancel(timer.get().name());
        if (variant == 2) {
            Avail y = reopened.get().getKey();
            faults.beforeNextWrite(competitor("PUT", "/api/availabilities/" + y.id(), doctors.get(y.doctor()), reopening(y)));
            stack.functions().invoke("ExpireOffer", timer.get().input());
            faults.clear();
            expect(competitorAnswer(), 200, null);
            model.editedByHand.add(y.doctor()); // a doctor's reopen is a hand edit of the date (issue 19)
            opened(y.id(), Set.of(), at);
            passedOn(a.id(), at);
            return;
        }
        faults.beforeNextWrite(competitor("POST", "/api/appointments", patients.get(patient),
                Map.of("doctor", doctors.get(doctor).id(), "date", day, "time_slot", a.slot())));
        log.add("      " + at + " ExpireOffer " + timer.get().input());
        stack.functions().invoke("ExpireOffer", timer.get().input());
        boolean raced = faults.raced();
        faults.clear();
        if (!raced) {
            throw new AssertionError("the timer of a lapsed hold never wrote");
        }
        Api.Reply booking = competitorAnswer();
        if (refusal.isPresent()) {
            expect(booking, 409, refusal.get());
            passedOn(a.id(), at);
        } else if (variant == 0) {
            expect(booking, 201, null);
            booked((String) booking.object().get("id"), patient, a); // the timer read again: only the stale offer is cleared
        } else {
            expect(booking, 201, null);
            booked((String) booking.object().get("id"), patient, booked.get());
            passedOn(a.id(), at); // the timer read again: the hold passes on, the lock is the booking's now
        }
    }

    /** A decline whose offer's deadline passes and whose timer passes it on between the decline's read and its write. */
    private void declineRacesTimer(Step s) {
        Optional<Avail> target = pick(liveHoldsWithTimers(now()), s.b());
        if (target.isEmpty() || !model.entries.containsKey(target.get().hold().entry())) {
            return;
        }
        Avail a = target.get();
        Entry e = model.entries.get(a.hold().entry());
        publish(); // its timer is set
        Optional<clinic.infra.LocalScheduler.Pending> timer = timerOf(a);
        if (timer.isEmpty()) {
            return;
        }
        Instant lapsed = lapsedFor(a, timer.get());
        faults.beforeNextWrite(() -> {
            stack.clock().set(lapsed);
            firesAlone(timer.get()).run();
        });
        clockMoved = true;
        coverage.count("race: a decline against its deadline and timer");
        Api.Reply reply = send("POST", "/api/waitlist/" + e.id() + "/decline", patients.get(e.patient()), Map.of());
        if (!lastRaced) {
            throw new AssertionError("the decline of a live offer never wrote: " + reply);
        }
        passedOn(a.id(), now());
        expectOneOf(reply, 409, Set.of("OFFER_EXPIRED", "NO_OFFER"));
    }

    /** A doctor's closed, not started availabilities that a reopen would offer to a waiter, with that waiter. */
    private List<Map.Entry<Avail, Entry>> closedWithWaiter(int doctor, Instant now) {
        List<Map.Entry<Avail, Entry>> out = new ArrayList<>();
        for (Avail a : model.availsOf(doctor)) {
            if (a.status() == Status.CLOSED && !model.started(a.slot(), now)) {
                model.next(doctor, a.slot(), Set.of(), now).ifPresent(e -> out.add(Map.entry(a, e)));
            }
        }
        return out;
    }

    private Map<String, Object> reopening(Avail a) {
        return Map.of("date", day, "time_slot", a.slot(), "is_available", true);
    }

    /**
     * A doctor reopens a closed slot, to be offered to its first waiter, who leaves the waitlist
     * between the reopen's read and its write: the offer goes to the next waiter (the entry's
     * {@code attribute_exists(#PK)}: an update would otherwise write a ghost entry).
     */
    private void openingRacesLeave(Step s) {
        int doctor = s.b() % doctors.size();
        Instant now = now();
        Optional<Map.Entry<Avail, Entry>> target = pick(closedWithWaiter(doctor, now), s.c());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get().getKey();
        Entry e = target.get().getValue();
        coverage.count("race: a reopen offering a waiter against that waiter leaving");
        faults.beforeNextWrite(competitor("DELETE", "/api/waitlist/" + e.id(), patients.get(e.patient()), null));
        Api.Reply reply = send("PUT", "/api/availabilities/" + a.id(), doctors.get(doctor), reopening(a));
        model.editedByHand.add(doctor); // a hand edit of the date (issue 19)
        expect(competitorAnswer(), 204, null);
        model.entries.remove(e.id());
        model.goneEntries.add(e.id());
        expect(reply, 200, null);
        opened(a.id(), Set.of(), now);
    }

    /**
     * Two reopens of one doctor's closed slots, each to be offered to the same first waiter: the
     * competitor's offers it first, and the other, reading again, offers the next waiter (the entry's
     * "no live offer" clause: a waiter holds one live offer at a time).
     */
    private void openingRacesOpening(Step s) {
        int doctor = s.b() % doctors.size();
        Instant now = now();
        List<Map.Entry<Avail, Entry>> closed = closedWithWaiter(doctor, now);
        Optional<Map.Entry<Avail, Entry>> first = pick(closed, s.c());
        if (first.isEmpty()) {
            return;
        }
        Optional<Map.Entry<Avail, Entry>> second = closed.stream().filter(c -> c.getKey() != first.get().getKey()
                && c.getValue().id().equals(first.get().getValue().id())).findFirst();
        if (second.isEmpty()) {
            return;
        }
        Avail x = first.get().getKey();
        Avail y = second.get().getKey();
        coverage.count("race: a reopen offering a waiter against another reopen offering them");
        faults.beforeNextWrite(competitor("PUT", "/api/availabilities/" + y.id(), doctors.get(doctor), reopening(y)));
        Api.Reply reply = send("PUT", "/api/availabilities/" + x.id(), doctors.get(doctor), reopening(x));
        model.editedByHand.add(doctor); // hand edits of the date (issue 19)
        expect(competitorAnswer(), 200, null);
        opened(y.id(), Set.of(), now);
        expect(reply, 200, null);
        opened(x.id(), Set.of(), now);
    }

    /**
     * A doctor deletes ({@code c} even) or closes an open slot that a patient books between the
     * doctor's read and write: the booking stands and the doctor's change answers 409 SLOT_BOOKED
     * (the availability's {@code #version}).
     */
    private void removalRacesBooking(Step s) {
        int doctor = s.b() % doctors.size();
        int patient = s.d() % patients.size();
        Instant now = now();
        Optional<Avail> target = pick(model.availsOf(doctor).stream().filter(a -> a.status() == Status.OPEN
                && model.refusalOfBooking(patient, Optional.of(a), a.slot(), now, null).isEmpty()).toList(), s.c());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        boolean delete = s.c() % 2 == 0;
        coverage.count("race: a doctor's " + (delete ? "delete" : "close") + " against a booking");
        faults.beforeNextWrite(competitor("POST", "/api/appointments", patients.get(patient),
                Map.of("doctor", doctors.get(doctor).id(), "date", day, "time_slot", a.slot())));
        Api.Reply reply = delete ? send("DELETE", "/api/availabilities/" + a.id(), doctors.get(doctor), null)
                : send("PUT", "/api/availabilities/" + a.id(), doctors.get(doctor),
                        Map.of("date", day, "time_slot", a.slot(), "is_available", false));
        model.editedByHand.add(doctor); // marked before its write, whichever wins (issue 19)
        Api.Reply booking = competitorAnswer();
        expect(booking, 201, null);
        booked((String) booking.object().get("id"), patient, a);
        expect(reply, 409, "SLOT_BOOKED");
    }

    /**
     * A patient reschedules a booked appointment that its doctor cancels between the reschedule's
     * read and its write: 409 NOT_BOOKED (the appointment's {@code #version}, whose failure says why).
     */
    private void rescheduleRacesCancel(Step s) {
        Instant now = now();
        Optional<Appt> target = pick(model.appts.values().stream().filter(a -> a.booked() && !model.visits.containsKey(a.id()))
                .toList(), s.b());
        if (target.isEmpty()) {
            return;
        }
        Appt appt = target.get();
        Optional<Avail> to = pick(model.avails.values().stream().filter(a -> !a.id().equals(model.holding(appt.id()).map(Avail::id).orElse(null))
                && model.refusalOfBooking(appt.patient(), Optional.of(a), a.slot(), now, appt.id()).isEmpty()).toList(), s.c());
        if (to.isEmpty()) {
            return;
        }
        coverage.count("race: a reschedule against a cancel");
        faults.beforeNextWrite(competitor("DELETE", "/api/appointments/" + appt.id(), doctors.get(appt.doctor()), null));
        Api.Reply reply = send("PUT", "/api/appointments/" + appt.id(), patients.get(appt.patient()),
                Map.of("doctor", doctors.get(to.get().doctor()).id(), "date", day, "time_slot", to.get().slot()));
        expect(competitorAnswer(), 204, null);
        Set<String> stillBusy = entryIdsOf(appt.patient());
        model.appts.put(appt.id(), new Appt(appt.id(), appt.patient(), appt.doctor(), appt.slot(), false));
        model.holding(appt.id()).ifPresent(a -> released(a.id(), stillBusy, now));
        expect(reply, 409, "NOT_BOOKED");
    }

    /** A patient joins a doctor's waitlist while the same join lands between its read and its write: one entry, and 409 ALREADY_EXISTS. */
    private void joinRacesJoin(Step s) {
        int patient = s.b() % patients.size();
        int doctor = s.c() % doctors.size();
        if (model.entries.values().stream().anyMatch(e -> e.patient() == patient && e.doctor() == doctor)
                || model.appts.values().stream().anyMatch(a -> a.booked() && a.patient() == patient && a.doctor() == doctor)
                || waiting(patient) >= stack.config().maxWaitlistEntries()) {
            return;
        }
        Map<String, Object> body = Map.of("doctor", doctors.get(doctor).id(), "date", day);
        coverage.count("race: a join against the same join");
        faults.beforeNextWrite(competitor("POST", "/api/waitlist", patients.get(patient), body));
        Api.Reply reply = send("POST", "/api/waitlist", patients.get(patient), body);
        Api.Reply first = competitorAnswer();
        expect(first, 201, null);
        model.join((String) first.object().get("id"), patient, doctor, 1, 24);
        expect(reply, 409, "ALREADY_EXISTS");
    }

    /**
     * An accept whose offer's deadline passes between the accept's read and its write, before any
     * timer runs. The accept is judged at its read, where the offer was live (docs/decisions.md, "The
     * slot lifecycle"), so by itself it books (201): the write holds while the hold is still that
     * occurrence. Meanwhile (d): 0, nothing else; 1, another patient books the lapsed hold directly
     * (it wins; the accept's availability guard refuses it: 409); 2, its waiter books the same half
     * hour with the other doctor (the offer's lock becomes the booking's; the accept's lock guard
     * refuses it: 409 PATIENT_BUSY). {@code -Dmodel.skip=ACCEPT_LAPSES} leaves it out.
     */
    private void acceptRacesItsDeadline(Step s) {
        if (SKIPPED.contains("ACCEPT_LAPSES")) {
            coverage.count("skipped ACCEPT_LAPSES");
            return;
        }
        Optional<Avail> target = pick(model.avails.values().stream().filter(a -> model.liveHeld(a, now())
                && model.entries.containsKey(a.hold().entry())).toList(), s.b());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        Entry e = model.entries.get(a.hold().entry());
        Instant lapsed = a.hold().deadline().plusSeconds(1);
        int variant = s.d() % 3;
        int patient = variant == 1 ? s.c() % patients.size() : e.patient();
        Optional<Avail> booking = variant == 1 ? Optional.of(a) : variant == 2 ? model.at(1 - a.doctor(), a.slot()) : Optional.empty();
        Optional<String> refusal = booking.flatMap(b -> model.refusalOfBooking(patient, Optional.of(b), a.slot(), lapsed, null));
        if (variant == 1 && patient == e.patient() || variant == 2 && (booking.isEmpty() || refusal.isPresent())) {
            variant = 0;
        }
        coverage.count("race: an accept against its deadline, no timer yet, " + List.of("alone", "and a direct booking of the lapsed hold",
                "and its waiter's booking elsewhere at that half hour").get(variant));
        if (variant == 0) {
            faults.beforeNextWrite(() -> stack.clock().set(lapsed));
        } else {
            Runnable book = competitor("POST", "/api/appointments", patients.get(patient),
                    Map.of("doctor", doctors.get(booking.get().doctor()).id(), "date", day, "time_slot", a.slot()));
            faults.beforeNextWrite(() -> {
                stack.clock().set(lapsed);
                book.run();
            });
        }
        clockMoved = true;
        Api.Reply reply = send("POST", "/api/waitlist/" + e.id() + "/accept", patients.get(e.patient()), Map.of());
        if (!lastRaced) {
            throw new AssertionError("the accept of a live offer never wrote: " + reply);
        }
        if (variant == 0) {
            expect(reply, 201, null);
            model.entries.remove(e.id());
            model.goneEntries.add(e.id());
            booked((String) reply.object().get("id"), e.patient(), a);
            return;
        }
        Api.Reply competing = competitorAnswer();
        if (refusal.isPresent()) { // the lapsed hold's booking refused (say, that patient is busy then): the accept books
            expect(competing, 409, refusal.get());
            expect(reply, 201, null);
            model.entries.remove(e.id());
            model.goneEntries.add(e.id());
            booked((String) reply.object().get("id"), e.patient(), a);
            return;
        }
        expect(competing, 201, null);
        booked((String) competing.object().get("id"), patient, booking.get());
        if (variant == 1) {
            expectOneOf(reply, 409, Set.of("OFFER_EXPIRED", "NO_OFFER")); // the entry keeps its lapsed offer: its timer clears it
        } else {
            expect(reply, 409, "PATIENT_BUSY"); // the hold stays, lapsed, until its timer passes it on
        }
    }

    /**
     * A waiter with no live offer leaves while, between the leave's read and its write, a reopen
     * offers them a slot: the leave reads again and passes the offer on first (the entry's "no live
     * offer" clause on the leave's delete: a hold for a departed entry would hold the slot for nobody).
     */
    private void leaveRacesAnOffer(Step s) {
        int doctor = s.b() % doctors.size();
        Instant now = now();
        Optional<Map.Entry<Avail, Entry>> target = pick(closedWithWaiter(doctor, now), s.c());
        if (target.isEmpty()) {
            return;
        }
        Avail y = target.get().getKey();
        Entry e = target.get().getValue();
        coverage.count("race: a leave against an offer to the leaving waiter");
        faults.beforeNextWrite(competitor("PUT", "/api/availabilities/" + y.id(), doctors.get(doctor), reopening(y)));
        Api.Reply reply = send("DELETE", "/api/waitlist/" + e.id(), patients.get(e.patient()), null);
        expect(competitorAnswer(), 200, null);
        model.editedByHand.add(doctor); // a doctor's reopen is a hand edit of the date (issue 19)
        opened(y.id(), Set.of(), now);
        expect(reply, 204, null);
        heldFor(model.entries.get(e.id())).ifPresent(a -> passedOn(a.id(), now));
        model.entries.remove(e.id());
        model.goneEntries.add(e.id());
    }

    /** Open, not started availabilities that {@code patient} may book now. */
    private List<Avail> bookableBy(int patient, Instant now) {
        return model.avails.values().stream().filter(a -> a.status() == Status.OPEN
                && model.refusalOfBooking(patient, Optional.of(a), a.slot(), now, null).isEmpty()).toList();
    }

    /**
     * A booking with an Idempotency-Key whose retry (the same request, the same key) lands between its
     * read and its write: one appointment, and both answer it (the key's record, {@code attribute_not_exists(#PK) OR #expires_at <= :recordNow}).
     */
    private void bookingRacesItsRetry(Step s) {
        int patient = s.b() % patients.size();
        Optional<Avail> target = pick(bookableBy(patient, now()), s.c());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        Map<String, Object> body = Map.of("doctor", doctors.get(a.doctor()).id(), "date", day, "time_slot", a.slot());
        Map<String, String> key = Map.of("Idempotency-Key", "k-" + java.util.UUID.randomUUID());
        coverage.count("race: a booking against its own retry");
        competitorReply.set(null);
        faults.beforeNextWrite(() -> competitorReply.set(api.send("POST", "/api/appointments", patients.get(patient).token(), body, key)));
        Api.Reply reply = send("POST", "/api/appointments", patients.get(patient), body, key);
        Api.Reply first = competitorAnswer();
        expect(first, 201, null);
        String id = (String) first.object().get("id");
        booked(id, patient, a);
        if (reply.status() / 100 != 2 || !id.equals(reply.object().get("id"))) {
            throw new AssertionError("a retry of a booking answered " + reply + ", not its booking " + id);
        }
    }

    /**
     * A patient books a half hour while, between the read and the write, they book the same half hour
     * with the other doctor: one booking, and 409 PATIENT_BUSY (the patient's lock, rule 6).
     */
    private void bookingRacesOwnBookingElsewhere(Step s) {
        int patient = s.b() % patients.size();
        Instant now = now();
        List<Avail> bookable = bookableBy(patient, now);
        Optional<Avail> target = pick(bookable.stream().filter(a -> bookable.stream()
                .anyMatch(o -> o.doctor() != a.doctor() && o.slot() == a.slot())).toList(), s.c());
        if (target.isEmpty()) {
            return;
        }
        Avail a = target.get();
        Avail other = bookable.stream().filter(o -> o.doctor() != a.doctor() && o.slot() == a.slot()).findFirst().orElseThrow();
        coverage.count("race: a booking against the same patient's booking elsewhere at that half hour");
        faults.beforeNextWrite(competitor("POST", "/api/appointments", patients.get(patient),
                Map.of("doctor", doctors.get(other.doctor()).id(), "date", day, "time_slot", other.slot())));
        Api.Reply reply = send("POST", "/api/appointments", patients.get(patient),
                Map.of("doctor", doctors.get(a.doctor()).id(), "date", day, "time_slot", a.slot()));
        Api.Reply first = competitorAnswer();
        expect(first, 201, null);
        booked((String) first.object().get("id"), patient, other);
        expect(reply, 409, "PATIENT_BUSY");
    }

    /** A doctor declares a slot while the same declaration lands between its read and its write: one availability, and 409 ALREADY_EXISTS. */
    private void declarationRacesDeclaration(Step s) {
        int doctor = s.b() % doctors.size();
        int slot = 1 + s.c() % SLOTS;
        Instant now = now();
        if (model.at(doctor, slot).isPresent() || model.started(slot, now)) {
            return;
        }
        Map<String, Object> body = Map.of("date", day, "time_slot", slot, "is_available", true);
        coverage.count("race: a declaration against the same declaration");
        faults.beforeNextWrite(competitor("POST", "/api/availabilities", doctors.get(doctor), body));
        Api.Reply reply = send("POST", "/api/availabilities", doctors.get(doctor), body);
        model.editedByHand.add(doctor); // both declarations mark the date (issue 19)
        Api.Reply first = competitorAnswer();
        expect(first, 201, null);
        String id = (String) first.object().get("id");
        model.avails.put(id, new Avail(id, doctor, slot, Status.OPEN, null, null, Set.of()));
        opened(id, Set.of(), now);
        expect(reply, 409, "ALREADY_EXISTS");
    }

    /** A waiter leaves while the same leave lands between its read and its write: 204, then 404 (the entry's {@code attribute_exists(#PK)}). */
    private void leaveRacesLeave(Step s) {
        int patient = s.b() % patients.size();
        Instant now = now();
        Optional<Entry> target = pick(model.entriesOf(patient).stream().filter(e -> !e.hasLiveOffer(now)).toList(), s.c());
        if (target.isEmpty()) {
            return;
        }
        Entry e = target.get();
        coverage.count("race: a leave against the same leave");
        faults.beforeNextWrite(competitor("DELETE", "/api/waitlist/" + e.id(), patients.get(patient), null));
        Api.Reply reply = send("DELETE", "/api/waitlist/" + e.id(), patients.get(patient), null);
        expect(competitorAnswer(), 204, null);
        model.entries.remove(e.id());
        model.goneEntries.add(e.id());
        expect(reply, 404, null);
    }

    /**
     * An admin sets a doctor's own booking policy (issue 19), each rule null (the clinic's: none here)
     * or small enough to meet the run's slots: notice 0-120 minutes, horizon 0-1 day, cutoff 0-2 hours.
     */
    // ---------------------------------------------------------------- staff (issue 20)

    /** One member of staff per stack, made when a run first needs one (the runs' users are per run; staff need not be). */
    private static final Map<LocalResources, User> STAFF_OF_STACK = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private User staffMember() {
        return STAFF_OF_STACK.computeIfAbsent(stack, s -> new clinic.support.Users(s.app()).make(clinic.domain.Role.STAFF, "Stan Staff"));
    }

    private static final String[] REASON_CODES = {"patient_request", "doctor_unavailable", "clinic", "other"};

    /**
     * {@code a % 4}: 0 staff book for patient {@code b} (as the patient's own booking would answer,
     * recorded as booked by staff); 1 staff cancel appointment {@code b} with a reason (always 204:
     * staff see every appointment and are exempt from the cutoff; it then says who and why);
     * 2 staff move appointment {@code b} naming its patient (as the patient's own move would answer,
     * but never CANCEL_CUTOFF); 3 a patient books naming another patient: 403, nothing changes.
     */
    private void staff(Step s) {
        User staff = staffMember();
        switch (s.a() % 4) {
            case 0 -> staffBooks(s, staff);
            case 1 -> staffCancels(s, staff);
            case 2 -> staffMoves(s, staff);
            default -> patientNamesAnother(s);
        }
    }

    private void staffBooks(Step s, User staff) {
        int patient = s.b() % patients.size();
        int doctor = s.c() % doctors.size();
        int slot = 1 + s.d() % SLOTS;
        Instant now = now();
        coverage.count("staff books");
        Api.Reply reply = send("POST", "/api/appointments", staff, Map.of("patient", patients.get(patient).id(),
                "doctor", doctors.get(doctor).id(), "date", day, "time_slot", slot));
        Optional<Avail> target = model.at(doctor, slot);
        Optional<String> refusal = model.refusalOfBooking(patient, target, slot, now, null);
        if (refusal.isPresent()) {
            expect(reply, 409, refusal.get());
            return;
        }
        expect(reply, 201, null);
        Map<String, Object> answer = reply.object();
        if (!patients.get(patient).id().equals(answer.get("patient"))
                || !Map.of("id", staff.id(), "role", "staff").equals(answer.get("booked_by"))) {
            throw new AssertionError("staff's booking for patient " + patient + " answered " + reply);
        }
        booked((String) answer.get("id"), patient, target.get());
    }

    private void staffCancels(Step s, User staff) {
        Optional<Appt> target = pick(new ArrayList<>(model.appts.values()), s.b());
        if (target.isEmpty()) {
            return;
        }
        Appt appt = target.get();
        String code = REASON_CODES[s.c() % REASON_CODES.length];
        Instant now = now();
        coverage.count("staff cancels");
        // Half by a JSON body, half by the query (clients that send no body with DELETE).
        Api.Reply reply = s.d() % 2 == 0
                ? send("DELETE", "/api/appointments/" + appt.id(), staff, Map.of("reason_code", code, "reason", "model " + s.d()))
                : send("DELETE", "/api/appointments/" + appt.id() + "?reason_code=" + code + "&reason=model%20" + s.d(), staff, null);
        if (model.visits.containsKey(appt.id())) {
            expect(reply, 409, "VISIT_RECORDED"); // issue 20: a recorded visit stays, whoever cancels
            return;
        }
        expect(reply, 204, null);
        if (!appt.booked()) {
            return;
        }
        Set<String> stillBusy = entryIdsOf(appt.patient());
        model.appts.put(appt.id(), new Appt(appt.id(), appt.patient(), appt.doctor(), appt.slot(), false));
        model.holding(appt.id()).ifPresent(a -> released(a.id(), stillBusy, now));
        Map<String, Object> kept = api.get("/api/appointments/" + appt.id(), staff.token()).object();
        if (!Map.of("id", staff.id(), "role", "staff").equals(kept.get("cancelled_by"))
                || !(kept.get("cancel_reason") instanceof Map<?, ?> reason && code.equals(reason.get("code")))) {
            throw new AssertionError("staff's cancel of " + appt.id() + " left " + kept);
        }
    }

    private void staffMoves(Step s, User staff) {
        Optional<Appt> target = pick(new ArrayList<>(model.appts.values()), s.b());
        if (target.isEmpty()) {
            return;
        }
        Appt appt = target.get();
        int patient = appt.patient();
        int doctor = s.c() % doctors.size();
        int slot = 1 + s.d() % SLOTS;
        Instant now = now();
        coverage.count("staff moves");
        Api.Reply reply = send("PUT", "/api/appointments/" + appt.id(), staff, Map.of("patient", patients.get(patient).id(),
                "doctor", doctors.get(doctor).id(), "date", day, "time_slot", slot, "reason_code", "clinic"));
        if (model.visits.containsKey(appt.id())) {
            expect(reply, 409, "VISIT_RECORDED");
            return;
        }
        if (!appt.booked()) {
            expect(reply, 409, "NOT_BOOKED");
            return;
        }
        if (appt.doctor() == doctor && appt.slot() == slot) {
            expect(reply, 200, null);
            return;
        }
        Optional<Avail> to = model.at(doctor, slot);
        Optional<String> refusal = model.refusalOfBooking(patient, to, slot, now, appt.id());
        if (refusal.isPresent()) {
            expect(reply, 409, refusal.get());
            return;
        }
        expect(reply, 200, null);
        if (!Map.of("id", staff.id(), "role", "staff").equals(reply.object().get("rescheduled_by"))) {
            throw new AssertionError("staff's move of " + appt.id() + " answered " + reply);
        }
        Optional<Avail> from = model.holding(appt.id());
        booked(appt.id(), patient, to.get());
        from.ifPresent(a -> released(a.id(), entryIdsOf(patient), now));
    }

    private void patientNamesAnother(Step s) {
        int patient = s.b() % patients.size();
        int other = (patient + 1 + s.c() % (patients.size() - 1)) % patients.size();
        int doctor = s.d() % doctors.size();
        coverage.count("patient names another");
        Api.Reply reply = send("POST", "/api/appointments", patients.get(patient), Map.of("patient", patients.get(other).id(),
                "doctor", doctors.get(doctor).id(), "date", day, "time_slot", 1 + s.d() % SLOTS));
        expect(reply, 403, null);
    }

    private void policy(Step s) {
        int doctor = s.a() % doctors.size();
        Integer[] notices = {null, 0, 30, 60, 120};
        Integer[] horizons = {null, 0, 1};
        Integer[] cutoffs = {null, 0, 1, 2};
        Model.Policy policy = new Model.Policy(notices[s.b() % notices.length], horizons[s.c() % horizons.length],
                cutoffs[s.d() % cutoffs.length]);
        Map<String, Object> body = new HashMap<>();
        body.put("min_notice_minutes", policy.noticeMinutes());
        body.put("horizon_days", policy.horizonDays());
        body.put("cancel_cutoff_hours", policy.cutoffHours());
        Api.Reply reply = send("PUT", "/api/doctors/" + doctors.get(doctor).id() + "/policy", admin, body);
        expect(reply, 200, null);
        model.policies.put(doctor, policy);
    }

    private void advance(Duration by) {
        clockMoved = true;
        stack.clock().advance(by);
    }

    /**
     * A timer fired as EventBridge Scheduler may: anywhere in the minute of its time, so up to 59 s
     * before the deadline, and deleted after it ran. The offer must still pass on by its deadline.
     */
    private void timerEarly(Step s) {
        List<clinic.infra.LocalScheduler.Pending> pending = ours(stack.scheduler().pending());
        if (pending.isEmpty()) {
            return;
        }
        var timer = pending.get(s.a() % pending.size());
        Instant firesAt = timer.at().truncatedTo(ChronoUnit.MINUTES).plusSeconds(s.b() % 60);
        if (firesAt.isAfter(now())) {
            stack.clock().set(firesAt);
        }
        clockMoved = true;
        coverage.count("timer fired in its minute, " + (firesAt.isBefore(timer.at()) ? "early" : "on time or late"));
        stack.app().timers().cancel(timer.name());
        stack.functions().invoke("ExpireOffer", timer.input());
    }

    /** A timer that never fires (Scheduler lost it, or its target failed for good): the sweep must end its offer. */
    private void timerLost(Step s) {
        List<clinic.infra.LocalScheduler.Pending> pending = ours(stack.scheduler().pending());
        if (pending.isEmpty()) {
            return;
        }
        var timer = pending.get(s.a() % pending.size());
        coverage.count("timer lost: the sweep ends its offer");
        stack.app().timers().cancel(timer.name());
        lostTimers.add(timer.input());
    }

    private void timerTwice(Step s) {
        List<String> fired = new ArrayList<>(timerInputs);
        ours(stack.scheduler().pending()).forEach(p -> fired.remove(p.input()));
        if (fired.isEmpty()) {
            return;
        }
        coverage.count("timer fired again");
        clockMoved = true;
        stack.functions().invoke("ExpireOffer", fired.get(s.a() % fired.size()));
    }

    // ---------------------------------------------------------------- the doctors' directory (issue 20)

    private static final List<String> SPECIALTIES = List.of("cardiology", "dermatology");
    private boolean specialtiesListed;

    /** The clinic's two specialties, put once a run (the same list each time: no doctor's is ever left out). */
    private void ensureSpecialties() {
        if (!specialtiesListed) {
            expect(api.put("/api/specialties", admin.token(), SPECIALTIES), 200, null);
            specialtiesListed = true;
        }
    }

    /** A doctor's specialties (none, either or both), set by the doctor or an admin; the other doctor is refused, nothing changes. */
    private void profile(Step s) {
        ensureSpecialties();
        int doctor = s.a() % doctors.size();
        Set<String> chosen = new TreeSet<>();
        for (int i = 0; i < SPECIALTIES.size(); i++) {
            if ((s.b() >> i & 1) == 1) {
                chosen.add(SPECIALTIES.get(i));
            }
        }
        User actor = switch (s.c() % 3) {
            case 0 -> admin;
            case 1 -> doctors.get(1 - doctor);
            default -> doctors.get(doctor);
        };
        Map<String, Object> body = new HashMap<>();
        body.put("display_name", doctors.get(doctor).name());
        body.put("specialties", List.copyOf(chosen));
        body.put("languages", List.of("en"));
        body.put("bio", null);
        Api.Reply reply = send("PUT", "/api/doctors/" + doctors.get(doctor).id() + "/profile", actor, body);
        if (actor != admin && actor != doctors.get(doctor)) {
            coverage.count("profile by another doctor");
            expect(reply, 403, null);
            return;
        }
        coverage.count("profile with " + chosen.size() + " specialties");
        expect(reply, 200, null);
        model.specialties.put(doctor, chosen);
    }

    private Map<String, Object> profileBody(int doctor, Set<String> specialties) {
        Map<String, Object> body = new HashMap<>();
        body.put("display_name", doctors.get(doctor).name());
        body.put("specialties", List.copyOf(specialties));
        body.put("languages", List.of("en"));
        body.put("bio", null);
        return body;
    }

    /** The clinic's list with {@code extra} names beside the standard two. */
    private Api.Reply listSpecialties(User caller, String... extra) {
        List<String> names = new ArrayList<>(SPECIALTIES);
        names.addAll(List.of(extra));
        return send("PUT", "/api/specialties", caller, names);
    }

    /**
     * The directory's races (issue 20; docs/decisions.md, "Conditions of issues 19 and 20"), each a
     * competitor between a request's read and its write. {@code d % 3}: 0, a doctor's profile while
     * an admin saves another for them (both 200; the later write's specialties are the doctor's, and
     * the open lists of both specialties say so, marks and entries of the earlier gone); 1, a profile
     * naming a specialty while an admin takes it off the clinic's list (the list wins: the profile is
     * a 400 and changes nothing); 2, an admin adding a specialty while another admin adds it and a
     * doctor names it (200 both; the name keeps its doctor's use: taking it off the list is then 409
     * IN_USE). The names raced in 1 and 2 are the run's own, and leave the list again.
     */
    private void directoryRace(Step s) {
        armedFault = null; // a fault's retry would send the write again without its competitor
        ensureSpecialties();
        int doctor = s.a() % doctors.size();
        User owner = doctors.get(doctor);
        String path = "/api/doctors/" + owner.id() + "/profile";
        Set<String> before = model.specialties.getOrDefault(doctor, Set.of());
        switch (s.d() % 3) {
            case 0 -> {
                Set<String> theirs = Set.of(SPECIALTIES.get(s.b() % 2));
                Set<String> mine = Set.of(SPECIALTIES.get((s.b() + 1) % 2));
                coverage.count("race: a profile against another save of it");
                faults.beforeNextWrite(competitor("PUT", path, admin, profileBody(doctor, theirs)));
                Api.Reply reply = send("PUT", path, owner, profileBody(doctor, mine));
                expect(competitorAnswer(), 200, null);
                expect(reply, 200, null);
                model.specialties.put(doctor, mine);
                for (int i = 0; i < SPECIALTIES.size(); i++) {
                    listSpecialty(new Step(Step.Op.LIST_SPECIALTY, i, 0, 3, 0));
                }
            }
            case 1 -> {
                String extra = "x" + java.util.UUID.randomUUID().toString().substring(0, 8);
                expect(listSpecialties(admin, extra), 200, null);
                Set<String> naming = new TreeSet<>(before);
                naming.add(extra);
                coverage.count("race: a profile naming a specialty against its removal");
                faults.beforeNextWrite(competitor("PUT", "/api/specialties", admin, SPECIALTIES));
                Api.Reply reply = send("PUT", path, owner, profileBody(doctor, naming));
                expect(competitorAnswer(), 200, null);
                expect(reply, 400, "VALIDATION_ERROR");
                Object kept = api.get(path, owner.token()).object().get("specialties");
                if (!new TreeSet<>(before).equals(new TreeSet<>((List<?>) kept))) {
                    throw new AssertionError("a refused profile changed the doctor's specialties to " + kept + " from " + before);
                }
            }
            default -> {
                String extra = "x" + java.util.UUID.randomUUID().toString().substring(0, 8);
                Set<String> naming = new TreeSet<>(before);
                naming.add(extra);
                User other = admin;
                coverage.count("race: a specialty added twice while a doctor names it");
                Runnable addThenName = () -> {
                    competitor("PUT", "/api/specialties", other, List.of(SPECIALTIES.get(0), SPECIALTIES.get(1), extra)).run();
                    Api.Reply added = competitorReply.get();
                    competitor("PUT", path, owner, profileBody(doctor, naming)).run();
                    Api.Reply named = competitorReply.get();
                    competitorReply.set(added.status() == 200 ? named : added);
                };
                faults.beforeNextWrite(addThenName);
                Api.Reply reply = listSpecialties(admin, extra);
                expect(competitorAnswer(), 200, null);
                expect(reply, 200, null);
                expect(listSpecialties(admin), 409, "IN_USE");
                expect(send("PUT", path, owner, profileBody(doctor, before)), 200, null);
                expect(listSpecialties(admin), 200, null);
            }
        }
    }

    /** A patient's open list of the date for one specialty, followed page by page: exactly the slots the model predicts, in time order. */
    private void listSpecialty(Step s) {
        ensureSpecialties();
        String specialty = SPECIALTIES.get(s.a() % SPECIALTIES.size());
        User patient = patients.get(s.b() % patients.size());
        int limit = LIMITS[s.c() % LIMITS.length];
        Instant now = now();
        List<String> listed = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        String next = "/api/availabilities?date=" + day + "&specialty=" + specialty + "&limit=" + limit;
        for (int page = 0; next != null; page++) {
            if (page > 2 * SLOTS * doctors.size() + 2) {
                throw new AssertionError("the open list of " + specialty + " never ends: " + next);
            }
            Api.Reply reply = api.get(next, patient.token());
            expect(reply, 200, null);
            reply.array().forEach(a -> {
                listed.add((String) a.get("id"));
                slots.add((Integer) a.get("time_slot"));
            });
            next = reply.header("Link").map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>'))).orElse(null);
        }
        Set<String> predicted = model.openOfSpecialty(specialty, now);
        coverage.count("open list of a specialty, " + (predicted.isEmpty() ? "empty" : "some slots"));
        if (listed.size() != predicted.size() || !predicted.containsAll(listed)) {
            throw new AssertionError("open list of " + specialty + " at " + now + ": listed " + listed + ", the model says " + predicted);
        }
        if (!slots.equals(slots.stream().sorted().toList())) {
            throw new AssertionError("open list of " + specialty + " not in time order: " + slots);
        }
    }

    /** Every list answers 200 for every limit it accepts (1-500). */
    private void list(Step s) {
        int limit = LIMITS[s.b() % LIMITS.length];
        int doctor = s.c() % doctors.size();
        User patient = patients.get(s.c() % patients.size());
        Api.Reply reply = switch (s.a() % 6) {
            case 0 -> api.get("/api/availabilities?date=" + day + "&limit=" + limit, patient.token());
            case 1 -> api.get("/api/availabilities?doctor=" + doctors.get(doctor).id() + "&date=" + day
                    + "&status=open,closed,booked,held&limit=" + limit, doctors.get(doctor).token());
            case 2 -> api.get("/api/appointments?limit=" + limit, patient.token());
            case 3 -> api.get("/api/appointments?limit=" + limit, doctors.get(doctor).token());
            case 4 -> api.get("/api/waitlist?date=" + day, doctors.get(doctor).token());
            default -> api.get("/api/waitlist", patient.token());
        };
        coverage.count("list " + s.a() % 6);
        expect(reply, 200, null);
    }

    // ---------------------------------------------------------------- model changes with read-back

    private void opened(String availId, Set<String> skip, Instant now) {
        model.open(availId, skip, Set.of(), now).ifPresent(e -> fresh.put(availId, now));
    }

    /** A patient's cancel or move away leaves the availability: it opens, or, on a date of time off, closes (issue 19). */
    private void released(String availId, Set<String> skip, Instant now) {
        Avail a = model.avails.get(availId);
        if (model.away(a.doctor())) {
            coverage.count("time off: a patient's cancel or move closes the slot");
            model.avails.put(availId, a.with(Status.CLOSED, null, null, Set.of()));
            return;
        }
        opened(availId, skip, now);
    }

    private void passedOn(String availId, Instant now) {
        model.passOn(availId, now).ifPresent(e -> fresh.put(availId, now));
    }

    /**
     * A patient's entries: who is offered a slot that opens is decided on what was read before the
     * change, when the patient giving the slot up still held it (busy then), so they are not offered it back.
     */
    private Set<String> entryIdsOf(int patient) {
        Set<String> ids = new HashSet<>();
        model.entriesOf(patient).forEach(e -> ids.add(e.id()));
        return ids;
    }

    private Optional<Avail> heldFor(Entry e) {
        return model.avails.values().stream()
                .filter(a -> a.status() == Status.HELD && a.hold().entry().equals(e.id())).findFirst();
    }

    // ---------------------------------------------------------------- after every step

    private void afterStep() {
        faults.clear();
        long t0 = System.nanoTime();
        fireTimers();
        long t1 = System.nanoTime();
        Instant now = now();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName()).consistentRead(true)).items().forEach(items::add);
        long t2 = System.nanoTime();
        coverage.time("pipeline", t1 - t0);
        coverage.time("scan", t2 - t1);
        List<String> breaches = TableAudit.breaches(items, now, stack.config().clinicZone());
        if (!breaches.isEmpty()) {
            throw new AssertionError("audit: " + breaches);
        }
        Real real = Real.of(items, doctors, day);
        timersPassedOn(real, now);
        adoptDeadlines(real, now);
        compare(real, now);
        record(now);
    }

    /**
     * Publishes the outbox and delivers the bus's events (offer timers are set). Run before the
     * clock moves or a timer is touched, and at the end of a run: nothing the model compares
     * depends on it sooner, and a stream poll is the dearest call of a step.
     */
    private boolean publish() {
        int read = 0;
        for (var poll = publisher.pollOnce(); poll.read() > 0 && !poll.failed(); poll = publisher.pollOnce()) {
            read += poll.read();
        }
        return read > 0 && stack.busRules().deliverOnce() > 0;
    }

    /** Fires the timers due, and publishes what they wrote, until quiet. */
    private void fireTimers() {
        Instant before = now();
        boolean timersMayBeDue = clockMoved || model.avails.values().stream()
                .anyMatch(a -> a.hold() != null && !before.isBefore(a.hold().deadline()));
        clockMoved = false;
        for (int round = 0; round < 4 && timersMayBeDue; round++) {
            List<clinic.infra.LocalScheduler.Pending> pending = ours(stack.scheduler().pending());
            pending.forEach(p -> timerInputs.add(p.input()));
            Instant now = now();
            // The template's recurring functions (the offer sweep, the outbox reconciler) run on the same clock.
            boolean swept = !stack.scheduler().fireRecurringDue().isEmpty();
            if (pending.stream().noneMatch(p -> !p.at().isAfter(now)) || stack.scheduler().fireDue() == 0) {
                if (swept) {
                    publish();
                }
                return;
            }
            publish();
        }
    }

    /**
     * A hold past its deadline passes on when its timer fires: to the next waiter it was not
     * offered to since it opened, or the slot opens. Which it did is read back and must be what the
     * model predicts; a hold still there 2 minutes after its deadline breaks liveness.
     */
    private void timersPassedOn(Real real, Instant now) {
        List<Avail> gone = new ArrayList<>();
        for (Avail a : new ArrayList<>(model.avails.values())) {
            if (a.status() != Status.HELD || now.isBefore(a.hold().deadline())) {
                continue;
            }
            Real.AvailItem item = real.avails.get(a.doctor() + "#" + a.slot());
            boolean stillThere = item != null && "HELD".equals(item.status()) && a.hold().entry().equals(item.heldEntry())
                    && a.hold().deadline().toEpochMilli() == item.holdUntil();
            if (stillThere) {
                // By the occurrence (the hold's offer id), not the entry: a lost timer of an earlier offer
                // to the same entry must not give this one the sweep's laxer bound.
                boolean timerLost = lostTimers.stream().anyMatch(input -> item.holdOffer() != null
                        ? input.contains(item.holdOffer()) : input.contains(a.hold().entry()));
                Duration bound = timerLost ? sweepPeriod.plus(GRACE) : GRACE;
                if (now.isAfter(a.hold().deadline().plus(bound))) {
                    throw new AssertionError("liveness: the offer of " + a + " lapsed at " + a.hold().deadline()
                            + " and had not passed on at " + now + (timerLost ? " (its timer was lost; the sweep runs every " + sweepPeriod + ")"
                            : " (its timer ran)"));
                }
                continue;
            }
            coverage.count("offer passed on by its timer");
            gone.add(a);
        }
        passOnInTheOrderTheyRan(gone, real, now);
        // What is left of an offer whose hold went elsewhere is cleared by its timer: adopt it once the deadline passed.
        for (Entry e : new ArrayList<>(model.entries.values())) {
            Real.EntryItem item = real.entries.get(e.id());
            if (e.offer() != null && !e.hasLiveOffer(now) && item != null && item.offerUntil() == null) {
                model.clearStale(e.id(), e.offer().deadline());
            }
        }
    }

    /**
     * Several lapsed holds passed on in one step (a timer, then the sweep, or timers due together):
     * who is offered what depends on their order (a waiter offered the first is busy for the second),
     * and the order is the timers' and the sweep's, not the model's. So the model tries each order
     * (up to 4 holds) and keeps the one whose holds are the table's; with none, the first, and
     * compare() names the difference. Found by the model: a timer fired for slot 4 passed it to the
     * waiter whose offer of slot 3 had lapsed, then the sweep opened slot 3.
     */
    private void passOnInTheOrderTheyRan(List<Avail> gone, Real real, Instant now) {
        List<List<Avail>> orders = gone.size() <= 4 ? permutations(gone) : List.of(gone);
        Map<String, Avail> avails = new LinkedHashMap<>(model.avails);
        Map<String, Entry> entries = new LinkedHashMap<>(model.entries);
        for (List<Avail> order : orders) {
            model.avails.clear();
            model.avails.putAll(avails);
            model.entries.clear();
            model.entries.putAll(entries);
            Map<String, Instant> made = new LinkedHashMap<>();
            for (Avail a : order) {
                Instant from = a.hold().deadline();
                model.passOn(a.id(), now).ifPresent(e -> made.put(a.id(), from));
            }
            if (holdsAreTheTables(real) || order == orders.getLast()) {
                if (!holdsAreTheTables(real)) { // none matched: the first order, for compare() to name
                    model.avails.clear();
                    model.avails.putAll(avails);
                    model.entries.clear();
                    model.entries.putAll(entries);
                    made.clear();
                    for (Avail a : orders.getFirst()) {
                        Instant from = a.hold().deadline();
                        model.passOn(a.id(), now).ifPresent(e -> made.put(a.id(), from));
                    }
                }
                fresh.putAll(made);
                return;
            }
        }
    }

    /** Whether every availability's status and held entry are the table's (deadlines are adopted after). */
    private boolean holdsAreTheTables(Real real) {
        return model.avails.values().stream().allMatch(a -> {
            Real.AvailItem item = real.avails.get(a.doctor() + "#" + a.slot());
            return item != null && item.status().equals(a.status().name())
                    && (a.status() != Status.HELD || a.hold().entry().equals(item.heldEntry()));
        });
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    /** A deadline the server computed is read back: it must be OfferMinutes after the opening (or the slot's start). */
    private void adoptDeadlines(Real real, Instant now) {
        for (var made : fresh.entrySet()) {
            Avail a = model.avails.get(made.getKey());
            if (a == null || a.status() != Status.HELD) {
                continue;
            }
            Real.AvailItem item = real.avails.get(a.doctor() + "#" + a.slot());
            if (item == null || item.holdUntil() == null || !a.hold().entry().equals(item.heldEntry())) {
                continue; // compare() names the difference
            }
            Instant actual = Instant.ofEpochMilli(item.holdUntil());
            Instant earliest = Model.deadline(made.getValue(), model.start(a.slot())).minus(TOLERANCE);
            Instant latest = Model.deadline(now, model.start(a.slot())).plus(TOLERANCE);
            if (actual.isBefore(earliest) || actual.isAfter(latest)) {
                throw new AssertionError("the offer on " + a + " has deadline " + actual + ", not between " + earliest + " and " + latest);
            }
            Hold hold = new Hold(a.hold().entry(), a.hold().patient(), actual);
            model.avails.put(a.id(), a.with(Status.HELD, null, hold, a.passed()));
            Entry e = model.entries.get(hold.entry());
            if (e != null) {
                model.entries.put(e.id(), e.offered(new Offer(a.slot(), actual)));
            }
        }
        fresh.clear();
    }

    private void compare(Real real, Instant now) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Avail a : model.avails.values()) {
            String hold = a.status() == Status.HELD ? " for " + a.hold().entry() + " until " + a.hold().deadline().toEpochMilli() : "";
            expected.put(a.doctor() + "#" + a.slot(), a.id() + " " + a.status() + " " + a.appointment() + hold);
        }
        Map<String, String> actual = new LinkedHashMap<>();
        real.avails.forEach((key, item) -> {
            String hold = "HELD".equals(item.status()) ? " for " + item.heldEntry() + " until " + item.holdUntil() : "";
            actual.put(key, item.id() + " " + item.status() + " " + item.appointment() + hold);
        });
        if (!expected.equals(actual)) {
            throw new AssertionError("availabilities differ from the model:\n      model " + new java.util.TreeMap<>(expected)
                    + "\n      table " + new java.util.TreeMap<>(actual));
        }
        Map<String, String> expectedEntries = new java.util.TreeMap<>();
        model.entries.values().forEach(e -> expectedEntries.put(e.id(), e.hasLiveOffer(now)
                ? "offer " + e.offer().slot() + " until " + e.offer().deadline().toEpochMilli() : "waiting"));
        Map<String, String> actualEntries = new java.util.TreeMap<>();
        real.entries.forEach((id, item) -> actualEntries.put(id, item.offerUntil() != null && item.offerUntil() > now.toEpochMilli()
                ? "offer " + item.offerSlot() + " until " + item.offerUntil() : "waiting"));
        if (!expectedEntries.equals(actualEntries)) {
            throw new AssertionError("waitlist entries differ from the model:\n      model " + expectedEntries
                    + "\n      table " + actualEntries);
        }
    }

    private void record(Instant now) {
        for (Avail a : model.avails.values()) {
            Status effective = model.effective(a, now);
            coverage.count("state " + (a.status() == Status.HELD && effective == Status.OPEN ? "HELD (lapsed)" : effective.name()));
        }
        model.entries.values().stream().filter(e -> e.offer() != null && !e.hasLiveOffer(now))
                .forEach(e -> coverage.count("state entry with a lapsed offer"));
    }

    // ---------------------------------------------------------------- sending and expecting

    private Api.Reply send(String method, String path, User caller, Object body) {
        return send(method, path, caller, body, Map.of());
    }

    /** Sends once; with a fault armed, the fault meets this request, and a 503 it causes is retried once as a client would. */
    private Api.Reply send(String method, String path, User caller, Object body, Map<String, String> headers) {
        if (armedFault != null) {
            faults.arm(faultKind, coverage);
            armedFault = null;
        }
        int mark = clinic.support.LogCapture.mark();
        long t0 = System.nanoTime();
        Api.Reply reply = api.send(method, path, caller.token(), body, headers);
        coverage.time("request", System.nanoTime() - t0);
        if (reply.status() >= 500) {
            clinic.support.LogCapture.since(mark).stream().filter(l -> l.contains("ERROR") || l.contains("xception"))
                    .limit(3).forEach(l -> log.add("      log: " + abbreviated(l)));
        }
        if (reply.status() == 503 && faults.injected()) {
            coverage.count("fault answered 503, retried");
            faults.clear();
            reply = api.send(method, path, caller.token(), body, headers);
        }
        lastRaced = faults.raced();
        faults.clear();
        coverage.count("answer " + method + " " + path.replaceAll("/[0-9a-f-]{36}", "/{id}") + " " + reply.status()
                + (reply.status() >= 400 && reply.body().startsWith("{") ? " " + reply.code() : ""));
        log.add("      " + now() + " " + method + " " + path + " -> " + reply.status() + " " + abbreviated(reply.body()));
        return reply;
    }

    private static String abbreviated(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "…" : body;
    }

    private static void expect(Api.Reply reply, int status, String code) {
        if (reply.status() >= 500) {
            throw new AssertionError("a 5xx: " + reply);
        }
        if (reply.status() != status || code != null && !code.equals(reply.code())) {
            throw new AssertionError("expected " + status + (code == null ? "" : " " + code) + ", got " + reply);
        }
    }

    private static void expectOneOf(Api.Reply reply, int status, Set<String> codes) {
        if (reply.status() != status || !codes.contains(reply.code())) {
            throw new AssertionError("expected " + status + " " + codes + ", got " + reply);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Instant now() {
        return stack.clock().instant();
    }

    /** Keeps each step's predictions off the instant a deadline or a slot's start falls on (the clock runs meanwhile). */
    private void steerClearOfEdges() {
        for (int i = 0; i < 3; i++) {
            Instant now = now();
            List<Instant> edges = new ArrayList<>();
            model.avails.values().stream().filter(a -> a.hold() != null).forEach(a -> edges.add(a.hold().deadline()));
            for (int slot = 1; slot <= SLOTS; slot++) {
                edges.add(model.start(slot));
            }
            edges.addAll(model.policyEdges());
            boolean near = edges.stream().anyMatch(e -> Duration.between(now, e).abs().compareTo(Duration.ofSeconds(4)) < 0);
            if (!near) {
                return;
            }
            stack.clock().advance(Duration.ofSeconds(5));
            clockMoved = true;
        }
    }

    private List<clinic.infra.LocalScheduler.Pending> ours(List<clinic.infra.LocalScheduler.Pending> pending) {
        // In a stable order (the scheduler's is not), so that a replay picks the same timer.
        return pending.stream().filter(p -> p.input() != null && doctors.stream().anyMatch(d -> p.input().contains(d.id())))
                .sorted(java.util.Comparator.comparing(clinic.infra.LocalScheduler.Pending::at).thenComparing(p -> untilOf(p.input())))
                .toList();
    }

    /** A timer's deadline, from its input ({@code "until":<epoch ms>}), for ordering; its whole input otherwise. */
    private static String untilOf(String input) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"until\":(\\d+)").matcher(input);
        return m.find() ? String.format("%020d", Long.parseLong(m.group(1))) : input;
    }

    private static <T> Optional<T> pick(List<T> from, int index) {
        return from.isEmpty() ? Optional.empty() : Optional.of(from.get(index % from.size()));
    }

    /** The run's part of the table as read after a step. */
    record Real(Map<String, AvailItem> avails, Map<String, EntryItem> entries) {
        record AvailItem(String id, String status, String appointment, String heldEntry, Long holdUntil, String holdOffer) {}

        record EntryItem(String id, Integer offerSlot, Long offerUntil) {}

        static Real of(List<Map<String, AttributeValue>> items, List<User> doctors, String day) {
            Map<String, AvailItem> avails = new HashMap<>();
            Map<String, EntryItem> entries = new HashMap<>();
            for (Map<String, AttributeValue> item : items) {
                String pk = s(item, "PK");
                String sk = s(item, "SK");
                for (int d = 0; d < doctors.size(); d++) {
                    String doctor = doctors.get(d).id();
                    if (pk.equals("DOCTOR#" + doctor) && sk.startsWith("SLOT#" + day + "#")) {
                        int slot = Integer.parseInt(sk.substring(sk.lastIndexOf('#') + 1));
                        avails.put(d + "#" + slot, new AvailItem(s(item, "id"), s(item, "status").toUpperCase(Locale.ROOT),
                                s(item, "appointment"), s(item, "held_entry"), n(item, "hold_until"), s(item, "hold_offer")));
                    }
                    if (pk.equals("WAITLIST#" + doctor + "#" + day)) {
                        Long slot = n(item, "offer_slot");
                        entries.put(s(item, "id"), new EntryItem(s(item, "id"), slot == null ? null : slot.intValue(),
                                n(item, "offer_until")));
                    }
                }
            }
            return new Real(avails, entries);
        }

        private static String s(Map<String, AttributeValue> item, String name) {
            AttributeValue v = item.get(name);
            return v == null ? null : v.s();
        }

        private static Long n(Map<String, AttributeValue> item, String name) {
            AttributeValue v = item.get(name);
            return v == null || v.n() == null ? null : Long.parseLong(v.n());
        }
    }
}
