package clinic.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reference model: the rules of one date's half hours for a few doctors and patients, as
 * docs/api.md states them, in plain records with no AWS. It predicts each answer and what the
 * table must then hold; {@link ModelRun} compares both with the real handlers.
 */
final class Model {
    static final Duration HOLD_FOR = Duration.ofMinutes(15);

    enum Status { OPEN, CLOSED, BOOKED, HELD }

    /** A slot held for one waiter's entry until a deadline. */
    record Hold(String entry, int patient, Instant deadline) {}

    /** An availability: its doctor and slot (1-24), status, the appointment that books it, the hold, and the entries it passed. */
    record Avail(String id, int doctor, int slot, Status status, String appointment, Hold hold, Set<String> passed) {
        Avail with(Status status, String appointment, Hold hold, Set<String> passed) {
            return new Avail(id, doctor, slot, status, appointment, hold, Set.copyOf(passed));
        }

        Avail movedTo(int newSlot, Status status) {
            return new Avail(id, doctor, newSlot, status, null, null, Set.of());
        }
    }

    record Appt(String id, int patient, int doctor, int slot, boolean booked) {}

    /** An offer on an entry; kept (stale) after its deadline until it is passed on or cleared. */
    record Offer(int slot, Instant deadline) {}

    /** A waitlist entry: whose, for which doctor, its join order, its window (slots, inclusive) and offer. */
    record Entry(String id, int patient, int doctor, long order, int fromSlot, int toSlot, Offer offer) {
        Entry offered(Offer offer) {
            return new Entry(id, patient, doctor, order, fromSlot, toSlot, offer);
        }

        boolean wants(int slot) {
            return fromSlot <= slot && slot <= toSlot;
        }

        boolean hasLiveOffer(Instant now) {
            return offer != null && now.isBefore(offer.deadline());
        }
    }

    final LocalDate date;
    final Map<String, Avail> avails = new LinkedHashMap<>();
    final Map<String, Appt> appts = new LinkedHashMap<>();
    final Map<String, Entry> entries = new LinkedHashMap<>();
    final Set<String> goneAvails = new HashSet<>();
    final Set<String> goneEntries = new HashSet<>();
    /** Doctors who edited the date by hand (issue 19): their weekly pattern leaves it alone from then on. */
    final Set<Integer> editedByHand = new HashSet<>();
    /** Doctors with time off over the date (issue 19), its id: the pattern leaves the date alone while it lasts. */
    final Map<Integer, String> timeOff = new java.util.HashMap<>();
    /**
     * Doctors whose date's mark is their time off's (it marked a date with no hand edit's mark): while it
     * lasts and no hand edit rewrites the mark, a cancel, a move away or an offer's end closes the slot.
     */
    final Set<Integer> markedAway = new HashSet<>();
    /** Each doctor's weekly pattern for the date as last set: its slots from {@code [0]} to before {@code [1]}. */
    final Map<Integer, int[]> patterns = new java.util.HashMap<>();
    private long joins;

    Model(LocalDate date) {
        this.date = date;
    }

    Instant start(int slot) {
        return date.atTime(LocalTime.of(9, 0).plusMinutes(30L * (slot - 1))).toInstant(ZoneOffset.UTC);
    }

    boolean started(int slot, Instant now) {
        return !now.isBefore(start(slot));
    }

    Optional<Avail> at(int doctor, int slot) {
        return avails.values().stream().filter(a -> a.doctor() == doctor && a.slot() == slot).findFirst();
    }

    /** A hold past its deadline counts as open wherever it is read (rule 7). */
    Status effective(Avail a, Instant now) {
        return a.status() == Status.HELD && !now.isBefore(a.hold().deadline()) ? Status.OPEN : a.status();
    }

    boolean liveHeld(Avail a, Instant now) {
        return a.status() == Status.HELD && now.isBefore(a.hold().deadline());
    }

    boolean bookable(Avail a, Instant now) {
        return effective(a, now) == Status.OPEN && !started(a.slot(), now);
    }

    /**
     * The 409 a booking (or a move) of {@code patient} into {@code target} at {@code slot} answers at
     * {@code now}, or empty if it books: not bookable (SLOT_UNAVAILABLE; the patient's own live offer
     * holds it: OFFER_HELD), the patient's live offer at that half hour elsewhere (OFFER_HELD), or a
     * booking there (PATIENT_BUSY).
     */
    Optional<String> refusalOfBooking(int patient, Optional<Avail> target, int slot, Instant now, String exceptAppointment) {
        if (target.isEmpty() || !bookable(target.get(), now)) {
            boolean ownLiveHold = target.filter(a -> effective(a, now) == Status.HELD && a.hold() != null && a.hold().patient() == patient)
                    .isPresent();
            return Optional.of(ownLiveHold ? "OFFER_HELD" : "SLOT_UNAVAILABLE");
        }
        Optional<String> policy = refusalOfPolicy(target.get().doctor(), slot, now);
        if (policy.isPresent()) {
            return policy;
        }
        if (entries.values().stream().anyMatch(e -> e.patient() == patient && e.hasLiveOffer(now) && e.offer().slot() == slot)) {
            return Optional.of("OFFER_HELD");
        }
        return busy(patient, slot, now, exceptAppointment) ? Optional.of("PATIENT_BUSY") : Optional.empty();
    }

    /** Booked, or holding a live offer, at that half hour (any doctor): one lock per patient and half hour (rule 6). */
    boolean busy(int patient, int slot, Instant now, String exceptAppointment) {
        boolean booked = appts.values().stream().anyMatch(a -> a.booked() && a.patient() == patient && a.slot() == slot
                && !a.id().equals(exceptAppointment));
        boolean offered = entries.values().stream().anyMatch(e -> e.patient() == patient && e.hasLiveOffer(now)
                && e.offer().slot() == slot);
        return booked || offered;
    }

    /** Who is offered a slot that opens: the first waiter in join order who wants it, holds no live offer, is not busy then. */
    Optional<Entry> next(int doctor, int slot, Set<String> skip, Instant now) {
        if (started(slot, now)) {
            return Optional.empty();
        }
        return entries.values().stream().filter(e -> e.doctor() == doctor).sorted(Comparator.comparingLong(Entry::order))
                .filter(e -> e.wants(slot) && !e.hasLiveOffer(now) && !skip.contains(e.id())
                        && !busy(e.patient(), slot, now, null))
                .findFirst();
    }

    static Instant deadline(Instant now, Instant start) {
        Instant wanted = now.plus(HOLD_FOR);
        return wanted.isAfter(start) ? start : wanted;
    }

    /**
     * The availability opens (cancel, reschedule away, reopen, declare, pass-on): held for the first
     * matching waiter not in {@code skip}, or open to everyone. Returns the entry offered, if any.
     */
    Optional<Entry> open(String availId, Set<String> skip, Set<String> passed, Instant now) {
        Avail a = avails.get(availId);
        Optional<Entry> next = next(a.doctor(), a.slot(), skip, now);
        if (next.isPresent()) {
            Entry e = next.get();
            Instant deadline = deadline(now, start(a.slot()));
            entries.put(e.id(), e.offered(new Offer(a.slot(), deadline)));
            avails.put(availId, a.with(Status.HELD, null, new Hold(e.id(), e.patient(), deadline), passed));
        } else {
            avails.put(availId, a.with(Status.OPEN, null, null, Set.of()));
        }
        return next;
    }

    /** The doctor's date is in their time off, as the date's mark says (issue 19): nothing but the doctor opens a slot there. */
    boolean away(int doctor) {
        return timeOff.containsKey(doctor) && markedAway.contains(doctor) && !editedByHand.contains(doctor);
    }

    /**
     * Decline, deadline, leave: the hold passes to the next waiter it was not offered to since it opened, or opens;
     * on a date of time off it closes, passed on to no one.
     */
    Optional<Entry> passOn(String availId, Instant now) {
        Avail a = avails.get(availId);
        Hold hold = a.hold();
        Entry from = entries.get(hold.entry());
        if (from != null && from.offer() != null && from.offer().deadline().equals(hold.deadline())) {
            entries.put(from.id(), from.offered(null));
        }
        if (away(a.doctor())) {
            avails.put(availId, a.with(Status.CLOSED, null, null, Set.of()));
            return Optional.empty();
        }
        Set<String> skip = new HashSet<>(a.passed());
        skip.add(hold.entry());
        return open(availId, skip, skip, now);
    }

    /** What is left of an offer whose hold went elsewhere (booked, closed, moved, deleted): the timer clears it. */
    void clearStale(String entryId, Instant deadline) {
        Entry e = entries.get(entryId);
        if (e != null && e.offer() != null && e.offer().deadline().equals(deadline)) {
            entries.put(entryId, e.offered(null));
        }
    }

    Entry join(String id, int patient, int doctor, int fromSlot, int toSlot) {
        Entry e = new Entry(id, patient, doctor, joins++, fromSlot, toSlot, null);
        entries.put(id, e);
        return e;
    }

    List<Appt> apptsOf(int patient) {
        return appts.values().stream().filter(a -> a.patient() == patient).toList();
    }

    List<Entry> entriesOf(int patient) {
        return entries.values().stream().filter(e -> e.patient() == patient).toList();
    }

    List<Avail> availsOf(int doctor) {
        return avails.values().stream().filter(a -> a.doctor() == doctor).toList();
    }

    // ---------------------------------------------------------------- booking policies (issue 19)

    /** A doctor's own booking rules, each null for the clinic's (the model's clinic has none: the template's default). */
    record Policy(Integer noticeMinutes, Integer horizonDays, Integer cutoffHours) {}

    final Map<Integer, Policy> policies = new LinkedHashMap<>();

    private Policy policyOf(int doctor) {
        return policies.getOrDefault(doctor, new Policy(null, null, null));
    }

    /**
     * Booking (or moving into) a bookable slot of {@code doctor}: TOO_FAR_AHEAD past the horizon (the
     * run's date against today at {@code now}), TOO_SOON within the notice (exactly at it: allowed).
     */
    Optional<String> refusalOfPolicy(int doctor, int slot, Instant now) {
        Policy p = policyOf(doctor);
        if (p.horizonDays() != null && date.isAfter(now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(p.horizonDays()))) {
            return Optional.of("TOO_FAR_AHEAD");
        }
        if (p.noticeMinutes() != null && now.plus(Duration.ofMinutes(p.noticeMinutes())).isAfter(start(slot))) {
            return Optional.of("TOO_SOON");
        }
        return Optional.empty();
    }

    /** A patient leaving (cancel, reschedule away) an appointment at {@code slot} of {@code doctor}: past the cutoff? */
    boolean pastCutoff(int doctor, int slot, Instant now) {
        Integer cutoff = policyOf(doctor).cutoffHours();
        return cutoff != null && now.plus(Duration.ofHours(cutoff)).isAfter(start(slot));
    }

    /** Instants where a policy's answer flips (start − notice, start − cutoff): predictions keep clear of them. */
    List<Instant> policyEdges() {
        List<Instant> edges = new java.util.ArrayList<>();
        for (Policy p : policies.values()) {
            for (int slot = 1; slot <= ModelRun.SLOTS; slot++) {
                if (p.noticeMinutes() != null) {
                    edges.add(start(slot).minus(Duration.ofMinutes(p.noticeMinutes())));
                }
                if (p.cutoffHours() != null) {
                    edges.add(start(slot).minus(Duration.ofHours(p.cutoffHours())));
                }
            }
        }
        return edges;
    }

    // ---------------------------------------------------------------- the doctors' directory (issue 20)

    /** Each doctor's specialties as last saved (none before). */
    final Map<Integer, Set<String>> specialties = new java.util.HashMap<>();

    /**
     * A patient's open list of the date for one specialty: the slots of its doctors that are
     * bookable (open or a lapsed hold, not started) and that their booking policy lets be booked now.
     */
    Set<String> openOfSpecialty(String specialty, Instant now) {
        Set<String> ids = new HashSet<>();
        avails.values().stream()
                .filter(a -> specialties.getOrDefault(a.doctor(), Set.of()).contains(specialty))
                .filter(a -> bookable(a, now) && refusalOfPolicy(a.doctor(), a.slot(), now).isEmpty())
                .forEach(a -> ids.add(a.id()));
        return ids;
    }

    Optional<Avail> holding(String appointmentId) {
        return avails.values().stream().filter(a -> appointmentId.equals(a.appointment())).findFirst();
    }

    // ---------------------------------------------------------------- the visit (issue 20)

    /** Each appointment's visit status once recorded (arrived, fulfilled, noshow); an appointment in it still holds its slot. */
    final Map<String, String> visits = new LinkedHashMap<>();

    /** What docs/api.md's table of the visit allows from each status (booked: none recorded yet). */
    private static final Map<String, Set<String>> VISIT_NEXT = Map.of(
            "booked", Set.of("arrived", "noshow"), "arrived", Set.of("fulfilled"), "noshow", Set.of("arrived"),
            "fulfilled", Set.of());

    /**
     * The answer to recording {@code to} on {@code appt} at {@code now}, by one who may: NOT_BOOKED
     * (cancelled), UNCHANGED (it has that status: 200, nothing written), INVALID_TRANSITION, NOT_STARTED,
     * or CHANGED (200, the status set).
     */
    String visitAnswer(Appt appt, String to, Instant now) {
        if (!appt.booked()) {
            return "NOT_BOOKED";
        }
        String from = visits.getOrDefault(appt.id(), "booked");
        if (from.equals(to)) {
            return "UNCHANGED";
        }
        if (!VISIT_NEXT.get(from).contains(to)) {
            return "INVALID_TRANSITION";
        }
        return started(appt.slot(), now) ? "CHANGED" : "NOT_STARTED";
    }
}
