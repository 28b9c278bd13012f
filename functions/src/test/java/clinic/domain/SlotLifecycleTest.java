package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.SlotLifecycle.Decision;
import clinic.domain.SlotLifecycle.Found;
import clinic.domain.SlotLifecycle.Item;
import clinic.domain.SlotLifecycle.Next;
import clinic.domain.SlotLifecycle.Occurrence;
import clinic.domain.SlotLifecycle.Operation;
import clinic.domain.SlotLifecycle.State;
import clinic.domain.SlotLifecycle.Subject;
import clinic.domain.SlotLifecycle.Transition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The half hour's lifecycle, pinned as one table: every operation in every state, a step or a named 409. */
class SlotLifecycleTest {
    private static final Instant DEADLINE = Instant.parse("2030-01-15T10:15:00Z");
    private static final UserRef DOCTOR = new UserRef("doc", "doc", "Dr Doc");
    private static final TimeSlot TEN = new TimeSlot(3, new TimeRange(LocalTime.parse("10:00"), LocalTime.parse("10:30")));
    /** The guards' tests: a minute before the deadline, an offer of that deadline, and p1's booked appointment read then. */
    private static final Instant BEFORE_DEADLINE = DEADLINE.minusSeconds(60);
    private static final Occurrence OFFER = new Occurrence("e1", "o1", DEADLINE);
    private static final Appointment BOOKED = new Appointment("ap1", new UserRef("p1", "p1", "P"), DOCTOR, LocalDate.parse("2030-01-16"),
            TEN, Appointment.Status.BOOKED, BEFORE_DEADLINE, 3);

    /**
     * The whole table for a slot that has not started, acting as the waiter it is held for where that
     * matters: "next state" or "409 CODE". A change to any rule changes this text.
     */
    @Test
    void everyOperationInEveryStateIsAStepOrANamedConflict() {
        Map<String, String> table = new TreeMap<>();
        for (Operation operation : Operation.values()) {
            StringBuilder row = new StringBuilder();
            for (State state : State.values()) {
                Decision d = SlotLifecycle.decide(operation, state, false, Optional.of("e1"));
                row.append(state).append('>').append(d.next().map(Next::name).orElseGet(() -> "409 " + d.refusal().get().code()))
                        .append(' ');
            }
            table.put(operation.name(), row.toString().strip());
        }
        Map<String, String> expected = new TreeMap<>(Map.of(
                "DECLARE", "ABSENT>OPENED OPEN>409 ALREADY_EXISTS CLOSED>409 ALREADY_EXISTS BOOKED>409 ALREADY_EXISTS HELD>409 ALREADY_EXISTS LAPSED>409 ALREADY_EXISTS",
                "CLOSE", "ABSENT>409 CHANGED OPEN>CLOSED CLOSED>UNCHANGED BOOKED>409 SLOT_BOOKED HELD>409 SLOT_BOOKED LAPSED>CLOSED",
                "REOPEN", "ABSENT>409 CHANGED OPEN>UNCHANGED CLOSED>OPENED BOOKED>409 SLOT_BOOKED HELD>409 SLOT_BOOKED LAPSED>UNCHANGED",
                "REMOVE", "ABSENT>409 CHANGED OPEN>REMOVED CLOSED>REMOVED BOOKED>409 SLOT_BOOKED HELD>409 SLOT_BOOKED LAPSED>REMOVED",
                "BOOK", "ABSENT>409 SLOT_UNAVAILABLE OPEN>BOOKED CLOSED>409 SLOT_UNAVAILABLE BOOKED>409 SLOT_UNAVAILABLE HELD>409 OFFER_HELD LAPSED>BOOKED",
                "RELEASE", "ABSENT>409 CHANGED OPEN>409 CHANGED CLOSED>409 CHANGED BOOKED>OPENED HELD>409 CHANGED LAPSED>409 CHANGED",
                "OFFER", "ABSENT>UNCHANGED OPEN>HELD CLOSED>UNCHANGED BOOKED>UNCHANGED HELD>UNCHANGED LAPSED>HELD",
                "ACCEPT", "ABSENT>409 NO_OFFER OPEN>409 NO_OFFER CLOSED>409 NO_OFFER BOOKED>409 NO_OFFER HELD>BOOKED LAPSED>409 OFFER_EXPIRED",
                "DECLINE", "ABSENT>409 NO_OFFER OPEN>409 NO_OFFER CLOSED>409 NO_OFFER BOOKED>409 NO_OFFER HELD>OPENED LAPSED>409 OFFER_EXPIRED",
                "EXPIRE", "ABSENT>UNCHANGED OPEN>UNCHANGED CLOSED>UNCHANGED BOOKED>UNCHANGED HELD>REARMED LAPSED>OPENED"));
        expected.put("LEAVE", "ABSENT>UNCHANGED OPEN>UNCHANGED CLOSED>UNCHANGED BOOKED>UNCHANGED HELD>UNCHANGED LAPSED>UNCHANGED");
        expected.put("MOVE_AWAY", expected.get("RELEASE"));
        expected.put("RELEASE_CLOSED", "ABSENT>409 CHANGED OPEN>409 CHANGED CLOSED>409 CHANGED BOOKED>CLOSED HELD>409 CHANGED LAPSED>409 CHANGED");
        assertThat(table).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Property
    void nothingIsBookedOrOfferedOnceItsHalfHourHasStarted(@ForAll State state) {
        assertThat(SlotLifecycle.decide(Operation.BOOK, state, true, Optional.empty()).allowed()).isFalse();
        assertThat(SlotLifecycle.decide(Operation.OFFER, state, true, Optional.empty()).next()).contains(Next.UNCHANGED);
    }

    @Property
    void aWaiterActsOnlyOnAHoldThatNamesThem(@ForAll State state) {
        assertThat(SlotLifecycle.decide(Operation.ACCEPT, state, false, Optional.empty()).refusal().map(Problem::code)).contains("NO_OFFER");
        assertThat(SlotLifecycle.decide(Operation.DECLINE, state, false, Optional.empty()).refusal().map(Problem::code)).contains("NO_OFFER");
        assertThat(SlotLifecycle.decide(Operation.EXPIRE, state, false, Optional.empty()).next()).contains(Next.UNCHANGED);
    }

    /** A booked slot or a live hold is someone's: only its own ends (release, accept, decline, expire) change it. */
    @Property
    void noOtherOperationTakesASlotFromWhoeverHasIt(@ForAll Operation operation, @ForAll boolean started) {
        Set<Operation> ownEnds = Set.of(Operation.RELEASE, Operation.RELEASE_CLOSED, Operation.MOVE_AWAY, Operation.ACCEPT, Operation.DECLINE, Operation.EXPIRE);
        for (State taken : Set.of(State.BOOKED, State.HELD)) {
            Decision d = SlotLifecycle.decide(operation, taken, started, Optional.empty());
            if (!ownEnds.contains(operation)) {
                assertThat(d.next().orElse(Next.UNCHANGED)).as(operation + " on " + taken).isEqualTo(Next.UNCHANGED);
            }
        }
    }

    @Test
    void aPatientBookingTheHalfHourOfTheirOwnLiveOfferIsToldToAcceptOrDeclineIt() {
        Decision own = SlotLifecycle.decide(Operation.BOOK, State.HELD, false, Optional.of("e1"));
        assertThat(own.refusal().map(Problem::code)).contains("OFFER_HELD");
        assertThat(own.refusal().get().getMessage()).contains("/api/waitlist/e1/accept");
        assertThat(SlotLifecycle.decide(Operation.BOOK, State.HELD, false, Optional.empty()).refusal().map(Problem::code))
                .contains("SLOT_UNAVAILABLE");
    }

    @Test
    void aHoldIsHeldUntilItsDeadlineAndLapsedFromIt() {
        Availability held = new Availability("a1", DOCTOR, LocalDate.parse("2030-01-16"), TEN, Availability.Status.HELD, null, 2,
                Optional.of(new Availability.Hold("p1", "e1", DEADLINE, Set.of())));
        assertThat(SlotLifecycle.stateOf(Optional.of(held), DEADLINE.minusMillis(1))).isEqualTo(State.HELD);
        assertThat(SlotLifecycle.stateOf(Optional.of(held), DEADLINE)).isEqualTo(State.LAPSED);
        assertThat(SlotLifecycle.stateOf(Optional.empty(), DEADLINE)).isEqualTo(State.ABSENT);
        assertThat(SlotLifecycle.stateOf(Optional.of(held.with(Availability.Status.BOOKED, "x")), DEADLINE)).isEqualTo(State.BOOKED);
    }

    @Test
    void anEarlyTimerReArmsAndALateOneOpensTheSlotToTheNextWaiter() {
        assertThat(SlotLifecycle.decide(Operation.EXPIRE, State.HELD, false, Optional.of("e1")).orThrow()).isEqualTo(Next.REARMED);
        assertThat(SlotLifecycle.decide(Operation.EXPIRE, State.LAPSED, false, Optional.of("e1")).orThrow()).isEqualTo(Next.OPENED);
    }

    /**
     * Every transition, with what each of its writes must still find: the whole set of conditions a
     * half hour's writes are sent with, as one text. A change to any guard changes this text.
     */
    @Test
    void everyTransitionGuardsEachItemItWrites() {
        Instant at = BEFORE_DEADLINE;
        Occurrence offer = OFFER;
        Appointment booked = BOOKED;
        Map<Operation, Subject> subjects = new java.util.EnumMap<>(Map.of(
                Operation.DECLARE, Subject.at(at),
                Operation.CLOSE, Subject.of(State.OPEN, false, at).withVersion(4),
                Operation.REOPEN, Subject.of(State.CLOSED, false, at).withVersion(4),
                Operation.REMOVE, Subject.of(State.OPEN, false, at).withVersion(4),
                Operation.BOOK, Subject.of(State.OPEN, false, at).by("p1"),
                Operation.RELEASE, Subject.of(State.BOOKED, false, at).of(booked),
                Operation.OFFER, Subject.of(State.OPEN, false, at),
                Operation.ACCEPT, Subject.of(State.HELD, false, at).heldForCaller(Optional.of("e1")).of(offer),
                Operation.DECLINE, Subject.of(State.HELD, false, at).heldForCaller(Optional.of("e1")).of(offer),
                Operation.EXPIRE, Subject.of(State.LAPSED, false, at).heldForCaller(Optional.of("e1")).of(offer)));
        subjects.put(Operation.MOVE_AWAY, Subject.of(State.BOOKED, false, at).of(booked));
        subjects.put(Operation.RELEASE_CLOSED, Subject.of(State.BOOKED, false, at).of(booked));
        Map<String, String> guards = new TreeMap<>();
        for (Operation operation : Operation.values()) {
            Subject subject = subjects.getOrDefault(operation, Subject.at(at));
            Transition transition = SlotLifecycle.transition(operation, subject);
            guards.put(operation.name(), new TreeMap<>(transition.writes()).values().stream()
                    .map(w -> w.item() + "=" + w.guard().getClass().getSimpleName()).reduce((a, b) -> a + " " + b).orElse(""));
        }
        Map<String, String> expected = new TreeMap<>(Map.of(
                "DECLARE", "SLOT=Absent",
                "CLOSE", "SLOT=AtVersion",
                "REOPEN", "SLOT=AtVersion",
                "REMOVE", "SLOT=AtVersion",
                "BOOK", "SLOT=Bookable APPOINTMENT=Absent LOCK=LockFree",
                "RELEASE", "SLOT=BookedBy APPOINTMENT=AtVersion DAY=AtWork",
                "OFFER", "LOCK=LockFree ENTRY=EntryFree",
                "ACCEPT", "SLOT=HeldBy APPOINTMENT=Absent LOCK=LockOffered ENTRY=Present",
                "DECLINE", "SLOT=HeldBy LOCK=LockOffered ENTRY=EntryOffered DAY=AtWork",
                "EXPIRE", "SLOT=HeldBy LOCK=LockOffered ENTRY=EntryOffered DAY=AtWork"));
        expected.put("LEAVE", "ENTRY=EntryFree");
        expected.put("MOVE_AWAY", "SLOT=BookedBy APPOINTMENT=AtVersion DAY=AtWork");
        expected.put("RELEASE_CLOSED", "SLOT=BookedBy APPOINTMENT=AtVersion");
        assertThat(guards).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /**
     * Issue 19: a step that opens a slot other than by its doctor's hand (cancel, move away, an offer's end)
     * checks its date for time off in the same write; found there, it is decided again away, and closes the
     * slot, on condition that the time off is still there. The doctor's REOPEN is theirs, time off or not.
     */
    @Test
    void onADateWithTimeOffWhatWouldOpenTheSlotClosesIt() {
        Instant at = BEFORE_DEADLINE;
        Occurrence offer = OFFER;
        Appointment booked = BOOKED;
        Map<Operation, Subject> opening = Map.of(
                Operation.RELEASE, Subject.of(State.BOOKED, false, at).of(booked),
                Operation.MOVE_AWAY, Subject.of(State.BOOKED, true, at).of(booked),
                Operation.DECLINE, Subject.of(State.HELD, false, at).heldForCaller(Optional.of("e1")).of(offer),
                Operation.EXPIRE, Subject.of(State.LAPSED, false, DEADLINE).heldForCaller(Optional.of("e1")).of(offer));
        opening.forEach((operation, subject) -> {
            Transition atWork = SlotLifecycle.transition(operation, subject);
            assertThat(atWork.next()).as(operation.name()).isEqualTo(Next.OPENED);
            assertThat(atWork.on(Item.DAY).outcome().given(Found.nothing())).as(operation + ": decide again away")
                    .isInstanceOf(SlotLifecycle.TimeOffFound.class);
            Transition away = SlotLifecycle.transition(operation, subject.away(true));
            assertThat(away.next()).as(operation + " away").isEqualTo(Next.CLOSED);
            assertThat(away.on(Item.DAY).guard()).isInstanceOf(clinic.domain.Guard.Away.class);
            assertThat(away.on(Item.DAY).outcome().given(Found.nothing())).as("time off ended meanwhile: read again")
                    .isInstanceOf(StaleRead.class);
            assertThat(away.unannounced()).as("an offer's end closing is its own pass-on, announced").isEmpty();
        });
        Transition reopening = SlotLifecycle.transition(Operation.REOPEN, Subject.of(State.CLOSED, false, at).withVersion(4).away(true));
        assertThat(reopening.next()).as("the doctor's own reopen").isEqualTo(Next.OPENED);
        assertThat(reopening.writes()).doesNotContainKey(Item.DAY);
        assertThat(SlotLifecycle.transition(Operation.EXPIRE, Subject.of(State.HELD, false, at).heldForCaller(Optional.of("e1")).of(offer)
                .away(true)).writes()).as("an early timer changes nothing").doesNotContainKey(Item.DAY);
    }

    @Test
    void aTransitionTheLifecycleRefusesThrowsItsConflictAndWritesNothing() {
        assertThatThrownBy(() -> SlotLifecycle.transition(Operation.BOOK, Subject.of(State.BOOKED, false, DEADLINE).by("p1")))
                .isInstanceOfSatisfying(Problem.Conflict.class, c -> assertThat(c.code()).isEqualTo("SLOT_UNAVAILABLE"));
    }

    /** What a guard that failed at the write means depends on what the write found there: each outcome, by case. */
    @Test
    void aFailedGuardIsAnsweredByWhatTheWriteFound() {
        Instant at = DEADLINE.minusSeconds(60);
        Availability heldForP1 = new Availability("a1", DOCTOR, LocalDate.parse("2030-01-16"), TEN, Availability.Status.HELD, null, 2,
                Optional.of(new Availability.Hold("p1", "e1", DEADLINE, Set.of(), "o1")));
        Transition booking = SlotLifecycle.transition(Operation.BOOK, Subject.of(State.OPEN, false, at).by("p1"));
        assertThat(code(booking, Item.SLOT, new Found(Optional.of(heldForP1), Optional.empty(), Optional.empty()))).isEqualTo("OFFER_HELD");
        assertThat(code(booking, Item.SLOT, Found.nothing())).isEqualTo("SLOT_UNAVAILABLE");
        assertThat(code(booking, Item.LOCK, lock(PatientLock.ofOffer("e1", DEADLINE, "o1")))).isEqualTo("OFFER_HELD");
        assertThat(code(booking, Item.LOCK, lock(PatientLock.ofBooking("ap9")))).isEqualTo("PATIENT_BUSY");
        assertThat(booking.on(Item.APPOINTMENT).outcome().given(Found.nothing())).isInstanceOf(StaleRead.class);

        Occurrence offer = new Occurrence("e1", "o1", DEADLINE);
        Transition accepting = SlotLifecycle.transition(Operation.ACCEPT,
                Subject.of(State.HELD, false, DEADLINE.plusMillis(1)).heldForCaller(Optional.of("e1")).of(offer));
        assertThat(code(accepting, Item.SLOT, new Found(Optional.of(heldForP1), Optional.empty(), Optional.empty())))
                .as("its own hold, lapsed at the write").isEqualTo("OFFER_EXPIRED");
        assertThat(code(accepting, Item.SLOT, Found.nothing())).isEqualTo("NO_OFFER");
        assertThat(code(accepting, Item.LOCK, lock(PatientLock.ofBooking("ap9")))).isEqualTo("PATIENT_BUSY");
        assertThat(code(accepting, Item.ENTRY, Found.nothing())).isEqualTo("NO_OFFER");

        Appointment booked = new Appointment("ap1", new UserRef("p1", "p1", "P"), DOCTOR, LocalDate.parse("2030-01-16"), TEN,
                Appointment.Status.BOOKED, at, 3);
        Transition moving = SlotLifecycle.transition(Operation.MOVE_AWAY, Subject.of(State.BOOKED, false, at).of(booked));
        assertThat(code(moving, Item.APPOINTMENT, new Found(Optional.empty(), Optional.of(booked.withStatus(Appointment.Status.CANCELLED)),
                Optional.empty()))).isEqualTo("NOT_BOOKED");
        assertThat(code(moving, Item.APPOINTMENT, new Found(Optional.empty(), Optional.of(booked), Optional.empty()))).isEqualTo("CHANGED");
        assertThat(moving.on(Item.APPOINTMENT).outcome().given(Found.nothing())).isInstanceOf(Problem.NotFound.class);
        Transition cancelling = SlotLifecycle.transition(Operation.RELEASE, Subject.of(State.BOOKED, false, at).of(booked));
        assertThat(cancelling.on(Item.APPOINTMENT).outcome().given(Found.nothing())).as("a cancel reads again").isInstanceOf(StaleRead.class);
        Transition closing = SlotLifecycle.transition(Operation.RELEASE_CLOSED, Subject.of(State.BOOKED, false, at).of(booked));
        assertThat(closing.next()).as("time off's cancel: the slot closes").isEqualTo(Next.CLOSED);
        assertThat(closing.on(Item.SLOT).outcome().given(Found.nothing())).as("and reads again").isInstanceOf(StaleRead.class);
    }

    @Test
    void anOfferMadeBeforeOffersHadIdsIsNamedByItsDeadline() {
        assertThat(new Occurrence("e1", Offer.legacyId(DEADLINE), DEADLINE).isLegacy()).isTrue();
        assertThat(new Occurrence("e1", "o1", DEADLINE).isLegacy()).isFalse();
    }

    private static Found lock(PatientLock lock) {
        return new Found(Optional.empty(), Optional.empty(), Optional.of(lock));
    }

    private static String code(Transition transition, Item item, Found found) {
        RuntimeException outcome = transition.on(item).outcome().given(found);
        assertThat(outcome).isInstanceOf(Problem.Conflict.class);
        return ((Problem.Conflict) outcome).code();
    }
}
