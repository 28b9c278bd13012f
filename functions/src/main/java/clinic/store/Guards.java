package clinic.store;

import clinic.domain.Guard;
import clinic.domain.PatientLock;
import clinic.domain.SlotLifecycle;
import clinic.domain.SlotLifecycle.Found;
import clinic.domain.SlotLifecycle.Write;
import clinic.store.Tx.Condition;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Spells the lifecycle's guards as condition expressions: the one place the store says what a
 * {@link Guard} means in attributes. Placeholders start with {@code :g} so that they never meet an
 * update's own. A failed condition's item is read back as the lifecycle's {@link Found} for its outcome.
 */
final class Guards {
    private Guards() {}

    /** The condition of {@code transition}'s write of {@code item}. */
    static Condition on(SlotLifecycle.Transition transition, SlotLifecycle.Item item) {
        return condition(transition.on(item));
    }

    static Condition condition(Write write) {
        SlotLifecycle.Outcome outcome = write.outcome();
        return when(write.guard()).orElse(current -> outcome.given(found(write.item(), current)));
    }

    private static Condition.When when(Guard guard) {
        var slot = Schemas.AVAILABILITY;
        return switch (guard) {
            case Guard.Absent absent -> Condition.absent();
            case Guard.Present present -> Condition.when("attribute_exists(#PK)");
            case Guard.AtVersion version -> Condition.unchanged(version.version());
            // Only a held availability has a deadline (the sparse HoldsByDeadline index relies on it too).
            case Guard.Bookable bookable -> Condition.when("#status = :gOpen OR #hold_until <= :gAt",
                    Map.of(":gOpen", AvailabilityStore.OPEN, ":gAt", slot.holdUntil.value(bookable.at())));
            case Guard.HeldBy held -> held.offer().isLegacy()
                        ? Condition.when("#status = :gHeld AND #held_entry = :gEntry AND #hold_until = :gUntil AND attribute_not_exists(#hold_offer)",
                                Map.of(":gHeld", AvailabilityStore.HELD, ":gEntry", slot.heldEntry.value(held.offer().entryId()),
                                        ":gUntil", slot.holdUntil.value(held.offer().until())))
                        // Every write that ends a hold removes its hold_offer, so the id alone says it is held by that offer.
                        : Condition.when("#hold_offer = :gOffer", Map.of(":gOffer", slot.holdOffer.value(held.offer().offerId())));
            case Guard.BookedBy booked -> Condition.when("#appointment = :gAppointment",
                    Map.of(":gAppointment", slot.appointment.value(booked.appointmentId())));
            case Guard.LockFree free -> Condition.when("attribute_not_exists(#PK) OR #hold_until <= :gAt",
                    Map.of(":gAt", Schemas.OFFER_LOCK.holdUntil.value(free.at())));
            case Guard.LockOffered offered -> offered.offer().isLegacy()
                    ? Condition.when("#offer = :gEntry AND #hold_until = :gUntil AND attribute_not_exists(#offer_id)",
                            Map.of(":gEntry", Schemas.OFFER_LOCK.offer.value(offered.offer().entryId()),
                                    ":gUntil", Schemas.OFFER_LOCK.holdUntil.value(offered.offer().until())))
                    : Condition.when("#offer_id = :gOffer", Map.of(":gOffer", Schemas.OFFER_LOCK.offerId.value(offered.offer().offerId())));
            case Guard.EntryFree free -> Condition.when("attribute_exists(#PK) AND (attribute_not_exists(#offer_until) OR #offer_until <= :gAt)",
                    Map.of(":gAt", Schemas.WAITLIST_ENTRY.offerUntil.value(free.at())));
            case Guard.EntryOffered offered -> offered.offer().isLegacy()
                    ? Condition.when("#offer_until = :gUntil AND attribute_not_exists(#offer_id)",
                            Map.of(":gUntil", Schemas.WAITLIST_ENTRY.offerUntil.value(offered.offer().until())))
                    : Condition.when("#offer_id = :gOffer", Map.of(":gOffer", Schemas.WAITLIST_ENTRY.offerId.value(offered.offer().offerId())));
            // A time off's mark carries its id; a hand edit's has none, and its date is the doctor's at work.
            case Guard.AtWork atWork -> Condition.when("attribute_not_exists(#" + Schemas.TIME_OFF_MARK.timeOff.name() + ")");
            case Guard.Away away -> Condition.when("attribute_exists(#" + Schemas.TIME_OFF_MARK.timeOff.name() + ")");
        };
    }

    /** The item a refused write found, read as its kind. */
    private static Found found(SlotLifecycle.Item item, Map<String, AttributeValue> current) {
        if (current.isEmpty()) {
            return Found.nothing();
        }
        return switch (item) {
            case SLOT -> new Found(Optional.of(Schemas.AVAILABILITY.read(current)), Optional.empty(), Optional.empty());
            case APPOINTMENT -> new Found(Optional.empty(), Optional.of(Schemas.APPOINTMENT.read(current)), Optional.empty());
            case LOCK -> new Found(Optional.empty(), Optional.empty(), Optional.of(lock(current)));
            case ENTRY, DAY -> Found.nothing();
        };
    }

    static PatientLock lock(Map<String, AttributeValue> item) {
        if (Schemas.OFFER_LOCK.holds(item)) {
            Schemas.OfferLock offer = Schemas.OFFER_LOCK.read(item);
            return PatientLock.ofOffer(offer.entryId(), offer.until(), offer.offerId());
        }
        return PatientLock.ofBooking(Schemas.PATIENT_LOCK.read(item));
    }
}
