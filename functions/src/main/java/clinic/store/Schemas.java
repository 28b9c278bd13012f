package clinic.store;

import static clinic.store.ItemSchema.Codec.BOOLEAN;
import static clinic.store.ItemSchema.Codec.DATE;
import static clinic.store.ItemSchema.Codec.DATE_TIME;
import static clinic.store.ItemSchema.Codec.EPOCH_MILLIS;
import static clinic.store.ItemSchema.Codec.EPOCH_SECONDS;
import static clinic.store.ItemSchema.Codec.INSTANT;
import static clinic.store.ItemSchema.Codec.INT;
import static clinic.store.ItemSchema.Codec.NUMBER;
import static clinic.store.ItemSchema.Codec.STRING;
import static clinic.store.ItemSchema.Codec.STRING_SET;
import static clinic.store.ItemSchema.Codec.TIME;

import clinic.domain.Actor;
import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.BookingPolicy;
import clinic.domain.CancelReason;
import clinic.domain.NotificationPreferences;
import clinic.domain.Offer;
import clinic.domain.Role;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UpcomingBookings;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.domain.Visit;
import clinic.domain.WaitlistEntry;
import clinic.domain.WeeklyPattern;
import clinic.store.ItemSchema.Attr;
import clinic.store.ItemSchema.Codec;
import clinic.store.ItemSchema.SlotAttrs;
import clinic.store.ItemSchema.UserAttrs;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every item type the table holds, with its attributes declared once: the one place an attribute
 * name is spelled (key and index-key attributes are {@link Keys}'s). {@code docs/data-model.md}
 * lists the items; {@code SchemasTest} checks each type's round trip, that a missing required
 * attribute names the type and the attribute, and that no other store code spells a name.
 */
final class Schemas {
    private Schemas() {}

    /** {@code USER#<id> / PROFILE}. */
    static final class ProfileItem extends ItemSchema<UserProfile> {
        final Attr<String> id = required("id", STRING);
        final Attr<Role> role = required("role", Codec.enumOf(Role.class));
        final Attr<String> username = required("username", STRING);
        final Attr<String> email = required("email", STRING);
        final Attr<String> name = required("name", STRING);

        private ProfileItem() {
            super("user profile");
        }

        @Override
        Map<String, AttributeValue> write(UserProfile profile) {
            var item = attributeMap();
            id.put(item, profile.id());
            role.put(item, profile.role());
            username.put(item, profile.username());
            email.put(item, profile.email());
            name.put(item, profile.name());
            return item;
        }

        @Override
        UserProfile read(Map<String, AttributeValue> item) {
            return new UserProfile(id.get(item), role.get(item), username.get(item), email.get(item), name.get(item));
        }
    }

    /** {@code USERNAME#<name> / CLAIM} and {@code EMAIL#<email> / CLAIM}: the key is the whole item. */
    static final class ClaimItem extends ItemSchema<Key> {
        private ClaimItem() {
            super("username or email claim");
        }

        @Override
        Map<String, AttributeValue> write(Key key) {
            return attributeMap();
        }

        @Override
        Key read(Map<String, AttributeValue> item) {
            return Items.key(item);
        }
    }

    /**
     * {@code USER#<id> / UPCOMING}: one attribute per upcoming booked appointment, named
     * {@link Keys#upcomingEntry}, holding its start; a family of names rather than a fixed list. Also
     * one per no-show, named {@link Keys#noShowEntry}, holding the missed appointment's start: the
     * booking reads this item already, so the no-show limit costs it no read (docs/decisions.md, "The visit").
     */
    static final class UpcomingItem extends ItemSchema<UpcomingBookings> {
        final Codec<LocalDateTime> start = DATE_TIME;

        private UpcomingItem() {
            super("upcoming bookings");
        }

        @Override
        Map<String, AttributeValue> write(UpcomingBookings upcoming) {
            var item = attributeMap();
            upcoming.starts().forEach((id, at) -> item.put(Keys.upcomingEntry(id), start.write(at)));
            upcoming.noShows().forEach((id, at) -> item.put(Keys.noShowEntry(id), start.write(at)));
            return item;
        }

        @Override
        UpcomingBookings read(Map<String, AttributeValue> item) {
            Map<String, LocalDateTime> starts = new HashMap<>();
            Map<String, LocalDateTime> noShows = new HashMap<>();
            item.forEach((name, value) -> {
                boolean upcoming = name.startsWith(Keys.UPCOMING_PREFIX);
                if (upcoming || name.startsWith(Keys.NO_SHOW_PREFIX)) {
                    LocalDateTime at;
                    try {
                        at = start.read(value);
                    } catch (RuntimeException unreadable) {
                        at = null;
                    }
                    if (at == null) {
                        throw new Items.MissingAttribute(type(), item, name, start.kind());
                    }
                    if (upcoming) {
                        starts.put(Keys.appointmentOfUpcomingEntry(name), at);
                    } else {
                        noShows.put(Keys.appointmentOfNoShowEntry(name), at);
                    }
                }
            });
            return new UpcomingBookings(starts, noShows);
        }
    }

    /** {@code TIMESLOT / SLOT#<id>}: a slot, and how many availabilities use it. */
    static final class TimeSlotItem extends ItemSchema<TimeSlot> {
        final SlotAttrs slot = slot("id");
        final Attr<Long> uses = optional("uses", NUMBER, 0L);

        private TimeSlotItem() {
            super("time slot");
        }

        /** A new slot: used by none. */
        @Override
        Map<String, AttributeValue> write(TimeSlot value) {
            var item = attributeMap();
            slot.put(item, value);
            uses.put(item, 0L);
            return item;
        }

        @Override
        TimeSlot read(Map<String, AttributeValue> item) {
            return slot.get(item);
        }
    }

    /** {@code TIMESLOT / CATALOG}: the version every change of the slots bumps. */
    static final class CatalogItem extends ItemSchema<Long> {
        final Attr<Long> version = required("version", NUMBER);
        /** Every slot as of this version ({@code TimeSlotStore.SlotTable}); absent on a catalog not changed since it was kept. */
        final Attr<String> slotTable = optional("slot_table", STRING);

        private CatalogItem() {
            super("time slot catalog");
        }

        @Override
        Map<String, AttributeValue> write(Long value) {
            var item = attributeMap();
            version.put(item, value);
            return item;
        }

        @Override
        Long read(Map<String, AttributeValue> item) {
            return version.get(item);
        }
    }

    /**
     * {@code DOCTOR#<id> / SLOT#<date>#<slot>}: an availability, with the keys of the indexes of
     * availabilities (OpenSlots and OpenByDoctor only while open or held: a live hold is filtered out
     * when listed, an expired one is open). Writing stores the next version.
     */
    static final class AvailabilityItem extends ItemSchema<Availability> {
        final Attr<String> id = required("id", STRING);
        final UserAttrs doctor = user("doctor");
        final Attr<java.time.LocalDate> date = required("date", DATE);
        final SlotAttrs slot = slot("slot");
        final Attr<Availability.Status> status = required("status", Codec.enumOf(Availability.Status.class));
        final Attr<String> appointment = optional("appointment", STRING);
        final Attr<String> doctorPk = written(Keys.SLOT_DOCTOR_PK, STRING);
        final Attr<String> scheduleSk = written(Keys.SCHEDULE_SK, STRING);
        final Attr<String> openPk = optional(Keys.OPEN_PK, STRING);
        final Attr<String> openSk = optional(Keys.OPEN_SK, STRING);
        final Attr<Long> version = optional("version", NUMBER, 0L);
        /** While held (issue 11): for which patient and entry, until when; required then. */
        final Attr<String> heldBy = optional("held_by", STRING);
        final Attr<String> heldEntry = optional("held_entry", STRING);
        /** The held entry's sort key in its queue, so the audit finds it; written by the offer, never read back. */
        final Attr<String> heldEntrySk = optional("held_entry_sk", STRING);
        final Attr<Instant> holdUntil = optional("hold_until", EPOCH_MILLIS);
        /** Which occurrence of an offer holds it (issue 18); absent on holds written before: their deadline names them. */
        final Attr<String> holdOffer = optional("hold_offer", STRING);
        /** The entries it was offered to since it opened (they declined or let it lapse). */
        final Attr<Set<String>> passed = optional("passed", STRING_SET);

        private AvailabilityItem() {
            super("availability");
        }

        @Override
        Map<String, AttributeValue> write(Availability availability) {
            var item = attributeMap();
            id.put(item, availability.id());
            doctor.put(item, availability.doctor());
            date.put(item, availability.date());
            slot.put(item, availability.slot());
            status.put(item, availability.status());
            appointment.put(item, availability.appointmentId());
            doctorPk.put(item, availability.doctor().id());
            String position = position(availability);
            scheduleSk.put(item, position);
            if (availability.isOpen() || availability.status() == Availability.Status.HELD) {
                openPk.put(item, Keys.openPartition(availability.date()));
                openSk.put(item, position);
            }
            availability.hold().ifPresent(hold -> {
                heldBy.put(item, hold.patientId());
                heldEntry.put(item, hold.entryId());
                holdUntil.put(item, hold.until());
                holdOffer.put(item, hold.offerId());
                passed.put(item, hold.passed());
            });
            version.put(item, availability.version() + 1);
            return item;
        }

        @Override
        Availability read(Map<String, AttributeValue> item) {
            Availability.Status stored = status.get(item);
            Optional<Availability.Hold> hold = stored != Availability.Status.HELD ? Optional.empty() : Optional.of(hold(item));
            return new Availability(id.get(item), doctor.get(item), date.get(item), slot.get(item), stored,
                    appointment.get(item), version.get(item), hold);
        }

        private Availability.Hold hold(Map<String, AttributeValue> item) {
            Instant until = whileHeld(item, holdUntil);
            return new Availability.Hold(whileHeld(item, heldBy), whileHeld(item, heldEntry), until,
                    passed.find(item).orElse(Set.of()), holdOffer.find(item).orElse(Offer.legacyId(until)));
        }

        /** An attribute a held availability must have. */
        private <V> V whileHeld(Map<String, AttributeValue> item, Attr<V> attr) {
            V value = attr.get(item);
            if (value == null) {
                throw new Items.MissingAttribute(type(), item, attr.name(), "held availability's");
            }
            return value;
        }

        /** Where it sorts in every index of availabilities (OpenSK while open, ScheduleSK always). */
        static String position(Availability availability) {
            return Keys.slotPosition(availability.date(), availability.slot().start(), availability.doctor().name(),
                    availability.doctor().id());
        }
    }

    /** {@code AVAIL#<id> / AVAIL} and {@code WAITENTRY#<id> / WAITENTRY}: where the item with that id lives. */
    static final class PointerItem extends ItemSchema<Key> {
        final Attr<String> targetPk = required("target_pk", STRING);
        final Attr<String> targetSk = required("target_sk", STRING);

        private PointerItem(String type) {
            super(type);
        }

        @Override
        Map<String, AttributeValue> write(Key target) {
            var item = attributeMap();
            targetPk.put(item, target.pk());
            targetSk.put(item, target.sk());
            return item;
        }

        @Override
        Key read(Map<String, AttributeValue> item) {
            return new Key(targetPk.get(item), targetSk.get(item));
        }
    }

    /** {@code USER#<sub> / WAITLIST_SEAT#<n>}: one of the patient's waitlist seats, naming the entry that last took it. */
    static final class WaitlistSeatItem extends ItemSchema<String> {
        final Attr<String> seatedEntry = required("seated_entry", STRING);

        private WaitlistSeatItem() {
            super("waitlist seat");
        }

        @Override
        Map<String, AttributeValue> write(String entryId) {
            var item = attributeMap();
            seatedEntry.put(item, entryId);
            return item;
        }

        @Override
        String read(Map<String, AttributeValue> item) {
            return seatedEntry.get(item);
        }
    }

    /** {@code PATIENT#<id> / SLOT#<date>#<slot>}: rule 2's lock, naming the appointment that holds it. */
    static final class PatientLockItem extends ItemSchema<String> {
        final Attr<String> appointment = required("appointment", STRING);

        private PatientLockItem() {
            super("patient lock");
        }

        @Override
        Map<String, AttributeValue> write(String appointmentId) {
            var item = attributeMap();
            appointment.put(item, appointmentId);
            return item;
        }

        @Override
        String read(Map<String, AttributeValue> item) {
            return appointment.get(item);
        }
    }

    /** What a patient's lock holds while an offer (not a booking) has it: the offer's entry, deadline and occurrence. */
    record OfferLock(String entryId, Instant until, String offerId) {}

    /**
     * {@code PATIENT#<id> / SLOT#<date>#<slot>} while a waitlist offer holds it (rule 6): the same
     * key as a booking's lock, so a patient never holds two live offers, or an offer and a booking,
     * at one date and slot. An expired offer's lock blocks nothing.
     */
    static final class OfferLockItem extends ItemSchema<OfferLock> {
        final Attr<String> offer = required("offer", STRING);
        final Attr<Instant> holdUntil = required("hold_until", EPOCH_MILLIS);
        /** The offer's occurrence (issue 18); absent on locks written before: their deadline names them. */
        final Attr<String> offerId = optional("offer_id", STRING);

        private OfferLockItem() {
            super("offer lock");
        }

        /** Whether a patient lock item is an offer's rather than a booking's. */
        boolean holds(Map<String, AttributeValue> lock) {
            return lock.containsKey(offer.name());
        }

        @Override
        Map<String, AttributeValue> write(OfferLock lock) {
            var item = attributeMap();
            offer.put(item, lock.entryId());
            holdUntil.put(item, lock.until());
            offerId.put(item, lock.offerId());
            return item;
        }

        @Override
        OfferLock read(Map<String, AttributeValue> item) {
            Instant until = holdUntil.get(item);
            return new OfferLock(offer.get(item), until, offerId.find(item).orElse(Offer.legacyId(until)));
        }
    }

    /**
     * An appointment's own attributes, which its item, each of its search entries and an
     * idempotency record's copy all carry. Only the item stores a version; the others read as 0.
     */
    static class AppointmentFields extends ItemSchema<Appointment> {
        final Attr<String> id = required("id", STRING);
        final UserAttrs patient = user("patient");
        final UserAttrs doctor = user("doctor");
        final Attr<java.time.LocalDate> date = required("date", DATE);
        final SlotAttrs slot = slot("slot");
        final Attr<Appointment.Status> status = required("status", Codec.enumOf(Appointment.Status.class));
        final Attr<Instant> createdAt = required("created_at", INSTANT);
        final Attr<Long> version = optional("version", NUMBER, 0L);
        // Issue 20: who booked, cancelled or last moved it, and why; absent on appointments from before.
        final Attr<String> bookedById = optional("booked_by", STRING);
        final Attr<Role> bookedByRole = optional("booked_by_role", Codec.enumOf(Role.class));
        final Attr<String> cancelledById = optional("cancelled_by", STRING);
        final Attr<Role> cancelledByRole = optional("cancelled_by_role", Codec.enumOf(Role.class));
        final Attr<String> rescheduledById = optional("rescheduled_by", STRING);
        final Attr<Role> rescheduledByRole = optional("rescheduled_by_role", Codec.enumOf(Role.class));
        final Attr<CancelReason.Code> reasonCode = optional("cancel_reason_code", Codec.enumOf(CancelReason.Code.class));
        final Attr<String> reasonText = optional("cancel_reason_text", STRING);
        /** The visit's status changes, oldest first (docs/decisions.md, "The visit"); absent until the first. */
        final Attr<List<Visit.Change>> statusHistory = optional("status_history", Codec.listOf(new StatusChangeFields()),
                List.of());

        private AppointmentFields(String type) {
            super(type);
        }

        @Override
        Map<String, AttributeValue> write(Appointment appointment) {
            var item = attributeMap();
            id.put(item, appointment.id());
            patient.put(item, appointment.patient());
            doctor.put(item, appointment.doctor());
            date.put(item, appointment.date());
            slot.put(item, appointment.slot());
            status.put(item, appointment.status());
            createdAt.put(item, appointment.createdAt());
            putTrail(item, appointment.trail());
            statusHistory.put(item, appointment.statusHistory());
            return item;
        }

        /** The trail's attributes: those it has are put; the names of those it lacks are returned (a rewrite removes them). */
        List<String> putTrail(Map<String, AttributeValue> item, Appointment.Trail trail) {
            List<String> absent = new java.util.ArrayList<>();
            putActor(item, bookedById, bookedByRole, trail.bookedBy(), absent);
            putActor(item, cancelledById, cancelledByRole, trail.cancelledBy(), absent);
            putActor(item, rescheduledById, rescheduledByRole, trail.rescheduledBy(), absent);
            CancelReason reason = trail.cancelReason();
            reasonCode.put(item, reason == null ? null : reason.code());
            reasonText.put(item, reason == null ? null : reason.text().orElse(null));
            for (Attr<?> attr : List.of(reasonCode, reasonText)) {
                if (!item.containsKey(attr.name())) {
                    absent.add(attr.name());
                }
            }
            return absent;
        }

        private static void putActor(Map<String, AttributeValue> item, Attr<String> idAttr, Attr<Role> roleAttr, Actor actor,
                                     List<String> absent) {
            if (actor == null) {
                absent.add(idAttr.name());
                absent.add(roleAttr.name());
                return;
            }
            idAttr.put(item, actor.id());
            roleAttr.put(item, actor.role());
        }

        @Override
        Appointment read(Map<String, AttributeValue> item) {
            return new Appointment(id.get(item), patient.get(item), doctor.get(item), date.get(item), slot.get(item),
                    status.get(item), createdAt.get(item), version.get(item), trail(item),
                    statusHistory.get(item));
        }

        private Appointment.Trail trail(Map<String, AttributeValue> item) {
            Actor booked = bookedById.find(item).map(who -> new Actor(who, bookedByRole.get(item))).orElse(null);
            Actor cancelled = cancelledById.find(item).map(who -> new Actor(who, cancelledByRole.get(item))).orElse(null);
            Actor rescheduled = rescheduledById.find(item).map(who -> new Actor(who, rescheduledByRole.get(item))).orElse(null);
            CancelReason reason = reasonCode.find(item).map(code -> new CancelReason(code, reasonText.find(item))).orElse(null);
            return new Appointment.Trail(booked, cancelled, rescheduled, reason);
        }
    }

    /** One of an appointment's {@code status_history} entries: the status set, when, and by whom (id and role). */
    static final class StatusChangeFields extends ItemSchema<Visit.Change> {
        final Attr<Appointment.Status> status = required("status", Codec.enumOf(Appointment.Status.class));
        final Attr<Instant> at = required("at", INSTANT);
        final Attr<String> byId = required("by", STRING);
        final Attr<String> byRole = required("by_role", STRING);

        private StatusChangeFields() {
            super("status change");
        }

        @Override
        Map<String, AttributeValue> write(Visit.Change change) {
            var item = attributeMap();
            status.put(item, change.status());
            at.put(item, change.at());
            byId.put(item, change.byId());
            byRole.put(item, change.byRole());
            return item;
        }

        @Override
        Visit.Change read(Map<String, AttributeValue> item) {
            return new Visit.Change(status.get(item), at.get(item), byId.get(item), byRole.get(item));
        }
    }

    /** {@code APPT#<id> / APPT}: the appointment, with the keys of its three indexes. Writing stores the next version. */
    static final class AppointmentItem extends AppointmentFields {
        final Attr<String> patientPk = written(Keys.PATIENT_PK, STRING);
        final Attr<String> doctorPk = written(Keys.DOCTOR_PK, STRING);
        final Attr<String> allPk = written(Keys.ALL_PK, STRING);
        final Attr<String> whenSk = written(Keys.WHEN_SK, STRING);

        private AppointmentItem() {
            super("appointment");
        }

        @Override
        Map<String, AttributeValue> write(Appointment appointment) {
            var item = super.write(appointment);
            putIndexKeys(item, appointment);
            version.put(item, appointment.version() + 1);
            return item;
        }

        /** The attributes a reschedule rewrites: all but the id, the creation time, the status and the version. */
        Map<String, AttributeValue> rescheduled(Appointment to) {
            var item = super.write(to);
            item.remove(id.name());
            item.remove(createdAt.name());
            item.remove(status.name());
            item.remove(statusHistory.name());
            putIndexKeys(item, to);
            return item;
        }

        /** The trail attributes a reschedule to {@code to} removes: those it no longer has (an earlier move's reason). */
        List<String> rescheduledRemovals(Appointment to) {
            return putTrail(attributeMap(), to.trail());
        }

        /** The attributes a cancel sets on the stored appointment beside its status: who cancelled it and why. */
        Map<String, AttributeValue> cancelledTrail(Appointment.Trail trail) {
            var item = attributeMap();
            putTrail(item, trail);
            return item;
        }

        private void putIndexKeys(Map<String, AttributeValue> item, Appointment appointment) {
            patientPk.put(item, appointment.patient().id());
            doctorPk.put(item, appointment.doctor().id());
            allPk.put(item, Keys.allPartition(appointment.date()));
            whenSk.put(item, Keys.when(appointment.date(), appointment.slot().start(), appointment.id()));
        }
    }

    /** What an {@code Idempotency-Key} remembers; the caller and the key are the item's key. */
    record Remembered(String fingerprint, Appointment appointment, Instant expiresAt) {}

    /** {@code IDEMPOTENCY#<caller>#<key> / IDEMPOTENCY}: expires by TTL. */
    static final class IdempotencyItem extends ItemSchema<Remembered> {
        final Attr<String> fingerprint = required("fingerprint", STRING);
        final Attr<Appointment> appointment = required("appointment", Codec.nested(new AppointmentFields("idempotency record's appointment")));
        final Attr<Instant> expiresAt = required("expires_at", EPOCH_SECONDS);

        private IdempotencyItem() {
            super("idempotency record");
        }

        @Override
        Map<String, AttributeValue> write(Remembered record) {
            var item = attributeMap();
            fingerprint.put(item, record.fingerprint());
            appointment.put(item, record.appointment());
            expiresAt.put(item, record.expiresAt());
            return item;
        }

        @Override
        Remembered read(Map<String, AttributeValue> item) {
            return new Remembered(fingerprint.get(item), appointment.get(item), expiresAt.get(item));
        }
    }

    /** A waitlist entry's own attributes, which its item and the patient's claim both carry. */
    static class WaitlistFields extends ItemSchema<WaitlistEntry> {
        final Attr<String> id = required("id", STRING);
        final UserAttrs patient = user("patient");
        final UserAttrs doctor = user("doctor");
        final Attr<java.time.LocalDate> date = required("date", DATE);
        /** The window of start times the patient wants, both or neither. */
        final Attr<LocalTime> fromTime = optional("from_time", TIME);
        final Attr<LocalTime> toTime = optional("to_time", TIME);
        final Attr<Instant> joinedAt = required("joined_at", INSTANT);
        /** The slot offered and until when, all three or none ({@code offer_until} is the deadline that conditions compare). */
        final Attr<Integer> offerSlot = optional("offer_slot", INT);
        final Attr<Instant> offerDeadline = optional("offer_deadline", INSTANT);
        final Attr<Instant> offerUntil = optional("offer_until", EPOCH_MILLIS);
        /** The offer's occurrence (issue 18); absent on offers written before: their deadline names them. */
        final Attr<String> offerId = optional("offer_id", STRING);

        private WaitlistFields(String type) {
            super(type);
        }

        @Override
        Map<String, AttributeValue> write(WaitlistEntry entry) {
            var item = attributeMap();
            id.put(item, entry.id());
            patient.put(item, entry.patient());
            doctor.put(item, entry.doctor());
            date.put(item, entry.date());
            entry.window().ifPresent(w -> {
                fromTime.put(item, w.start());
                toTime.put(item, w.end());
            });
            joinedAt.put(item, entry.joinedAt());
            entry.offer().ifPresent(o -> {
                offerSlot.put(item, o.slotId());
                offerDeadline.put(item, o.deadline());
                offerUntil.put(item, o.deadline());
                offerId.put(item, o.id());
            });
            return item;
        }

        @Override
        WaitlistEntry read(Map<String, AttributeValue> item) {
            // Each pair is written whole: one half present makes the other required.
            Optional<TimeRange> window = fromTime.find(item).map(from -> new TimeRange(from, require(item, toTime)));
            Optional<Offer> offer = offerDeadline.find(item).map(deadline -> new Offer(require(item, offerSlot), deadline,
                    offerId.find(item).orElse(Offer.legacyId(deadline))));
            return new WaitlistEntry(id.get(item), patient.get(item), doctor.get(item), date.get(item), window,
                    joinedAt.get(item), offer);
        }

        private <V> V require(Map<String, AttributeValue> item, Attr<V> attr) {
            V value = attr.get(item);
            if (value == null) {
                throw new Items.MissingAttribute(type(), item, attr.name(), "paired");
            }
            return value;
        }

        static Key entryKey(WaitlistEntry entry) {
            return Keys.waitlistEntry(entry.doctor().id(), entry.date(), entry.joinedAt(), entry.id());
        }
    }

    /** {@code WAITLIST#<doctor>#<date> / <joined millis>#<id>}: an entry in its queue. */
    static final class WaitlistEntryItem extends WaitlistFields {
        final Attr<Long> version = written("version", NUMBER);

        private WaitlistEntryItem() {
            super("waitlist entry");
        }

        @Override
        Map<String, AttributeValue> write(WaitlistEntry entry) {
            var item = super.write(entry);
            version.put(item, 1L);
            return item;
        }
    }

    /** {@code USER#<patient> / WAITLIST#<doctor>#<date>}: the patient's claim, naming the entry's sort key. */
    static final class WaitlistClaimItem extends WaitlistFields {
        final Attr<String> targetSk = written("target_sk", STRING);

        private WaitlistClaimItem() {
            super("waitlist claim");
        }

        @Override
        Map<String, AttributeValue> write(WaitlistEntry entry) {
            var item = super.write(entry);
            targetSk.put(item, entryKey(entry).sk());
            return item;
        }
    }

    /** {@code FEED#<sha-256> / FEED}: whose calendar feed a token hash is. */
    static final class CalendarFeedItem extends ItemSchema<CalendarFeedStore.Owner> {
        final Attr<String> user = required("user", STRING);
        final Attr<Role> role = required("role", Codec.enumOf(Role.class));

        private CalendarFeedItem() {
            super("calendar feed");
        }

        @Override
        Map<String, AttributeValue> write(CalendarFeedStore.Owner owner) {
            var item = attributeMap();
            user.put(item, owner.userId());
            role.put(item, owner.role());
            return item;
        }

        @Override
        CalendarFeedStore.Owner read(Map<String, AttributeValue> item) {
            return new CalendarFeedStore.Owner(user.get(item), role.get(item));
        }
    }

    /** {@code USER#<id> / FEED}: the hash of the user's current feed. */
    static final class FeedPointerItem extends ItemSchema<String> {
        final Attr<String> hash = required("hash", STRING);

        private FeedPointerItem() {
            super("calendar feed pointer");
        }

        @Override
        Map<String, AttributeValue> write(String tokenHash) {
            var item = attributeMap();
            hash.put(item, tokenHash);
            return item;
        }

        @Override
        String read(Map<String, AttributeValue> item) {
            return hash.get(item);
        }
    }

    /** {@code UNANNOUNCED_OFFERS / <offer id>}: see {@link Keys#UNANNOUNCED_OFFERS}. */
    static final class UnannouncedOfferItem extends ItemSchema<OfferStore.Unannounced> {
        final Attr<String> doctor = required("doctor_id", STRING);
        final Attr<LocalDate> date = required("date", DATE);
        final Attr<Integer> slot = required("slot", INT);
        final Attr<String> patient = required("patient_id", STRING);
        final Attr<String> entry = required("entry", STRING);
        final Attr<Instant> until = required("hold_until", EPOCH_MILLIS);
        final Attr<String> offer = required("offer_id", STRING);

        private UnannouncedOfferItem() {
            super("unannounced offer");
        }

        @Override
        Map<String, AttributeValue> write(OfferStore.Unannounced lapsed) {
            var item = attributeMap();
            doctor.put(item, lapsed.doctorId());
            date.put(item, lapsed.date());
            slot.put(item, lapsed.slotId());
            patient.put(item, lapsed.patientId());
            entry.put(item, lapsed.entryId());
            until.put(item, lapsed.until());
            offer.put(item, lapsed.offerId());
            return item;
        }

        @Override
        OfferStore.Unannounced read(Map<String, AttributeValue> item) {
            return new OfferStore.Unannounced(doctor.get(item), date.get(item), slot.get(item), patient.get(item), entry.get(item),
                    until.get(item), offer.get(item));
        }
    }

    /** {@code OUTBOX#<event id> / EVENT}: an event for the stream to carry; expires by TTL. */
    static final class OutboxItem extends ItemSchema<Outbox.Event> {
        final Attr<String> eventId = required("event_id", STRING);
        final Attr<String> source = required("source", STRING);
        final Attr<String> type = required("type", STRING);
        final Attr<Instant> occurredAt = required("occurred_at", INSTANT);
        final Attr<String> detail = required("detail", STRING);
        final Attr<Instant> expiresAt = written("expires_at", EPOCH_SECONDS);
        /** The sparse index {@code Unpublished}'s keys, while no publisher has put the event on the bus (removed then). */
        final Attr<String> unpublishedPk = optional("UnpublishedPK", STRING);
        final Attr<String> unpublishedSk = optional("UnpublishedSK", STRING);
        /** When a publisher put it on the bus (last, if more than one did). */
        final Attr<Instant> publishedAt = optional("published_at", INSTANT);

        private OutboxItem() {
            super("outbox event");
        }

        @Override
        Map<String, AttributeValue> write(Outbox.Event event) {
            var item = attributeMap();
            eventId.put(item, event.id());
            source.put(item, event.source());
            type.put(item, event.type());
            occurredAt.put(item, event.occurredAt());
            detail.put(item, event.detail());
            expiresAt.put(item, event.occurredAt().plus(Outbox.KEPT));
            unpublishedPk.put(item, Keys.unpublishedPartition(event.occurredAt()));
            unpublishedSk.put(item, Keys.unpublishedPosition(event.occurredAt(), event.id()));
            return item;
        }

        @Override
        Outbox.Event read(Map<String, AttributeValue> item) {
            return new Outbox.Event(eventId.get(item), source.get(item), type.get(item), occurredAt.get(item), detail.get(item));
        }
    }

    /** {@code USER#<id> / NOTIFICATIONS}: the user's choices about emails. */
    static final class NotificationPreferencesItem extends ItemSchema<NotificationPreferences> {
        final Attr<Boolean> ownChanges = required("own_changes", BOOLEAN);

        private NotificationPreferencesItem() {
            super("notification preferences");
        }

        @Override
        Map<String, AttributeValue> write(NotificationPreferences preferences) {
            var item = attributeMap();
            ownChanges.put(item, preferences.ownChanges());
            return item;
        }

        @Override
        NotificationPreferences read(Map<String, AttributeValue> item) {
            return new NotificationPreferences(ownChanges.get(item));
        }
    }

    /** A doctor's own booking policy; a rule left out is the clinic's. */
    record DoctorPolicy(String doctorId, BookingPolicy own) {}

    /** {@code POLICY / DOCTOR#<id>}: a doctor's own booking rules, each optional (absent: the clinic's). */
    static final class DoctorPolicyItem extends ItemSchema<DoctorPolicy> {
        final Attr<String> doctor = required("doctor", STRING);
        final Attr<Integer> minNoticeMinutes = optional("min_notice_minutes", INT);
        final Attr<Integer> horizonDays = optional("horizon_days", INT);
        final Attr<Integer> cancelCutoffHours = optional("cancel_cutoff_hours", INT);

        private DoctorPolicyItem() {
            super("doctor policy");
        }

        @Override
        Map<String, AttributeValue> write(DoctorPolicy policy) {
            var item = attributeMap();
            doctor.put(item, policy.doctorId());
            minNoticeMinutes.put(item, policy.own().minNoticeMinutes());
            horizonDays.put(item, policy.own().horizonDays());
            cancelCutoffHours.put(item, policy.own().cancelCutoffHours());
            return item;
        }

        @Override
        DoctorPolicy read(Map<String, AttributeValue> item) {
            return new DoctorPolicy(doctor.get(item),
                    new BookingPolicy(minNoticeMinutes.get(item), horizonDays.get(item), cancelCutoffHours.get(item)));
        }
    }

    /** A sent marker: which delivery claimed the email (so only it gives the claim back), and until when it is kept. */
    record SentMarker(String holder, Instant keepUntil) {}

    /** {@code NOTIFIED#<notification>#<recipient> / SENT}: this email went out (or is going); expires by TTL. */
    static final class SentMarkerItem extends ItemSchema<SentMarker> {
        final Attr<String> holder = required("holder", STRING);
        final Attr<Instant> expiresAt = required("expires_at", EPOCH_SECONDS);

        private SentMarkerItem() {
            super("sent marker");
        }

        @Override
        Map<String, AttributeValue> write(SentMarker marker) {
            var item = attributeMap();
            holder.put(item, marker.holder());
            expiresAt.put(item, marker.keepUntil());
            return item;
        }

        @Override
        SentMarker read(Map<String, AttributeValue> item) {
            return new SentMarker(holder.get(item), expiresAt.get(item));
        }
    }

    /**
     * {@code HOURS / DOCTOR#<id>}: a doctor with working hours, as their availabilities name them, and the
     * last date any of their patterns covers (absent: open-ended), so the roll-forward passes over the
     * doctors whose hours have ended without reading them.
     */
    static final class DoctorWithHoursItem extends ItemSchema<WorkingHoursStore.DoctorWithHours> {
        final UserAttrs doctor = user("doctor");
        final Attr<LocalDate> lastDate = optional("last_date", DATE);

        private DoctorWithHoursItem() {
            super("doctor with working hours");
        }

        @Override
        Map<String, AttributeValue> write(WorkingHoursStore.DoctorWithHours value) {
            var item = attributeMap();
            doctor.put(item, value.doctor());
            value.lastDate().ifPresent(last -> lastDate.put(item, last));
            return item;
        }

        @Override
        WorkingHoursStore.DoctorWithHours read(Map<String, AttributeValue> item) {
            return new WorkingHoursStore.DoctorWithHours(doctor.get(item), Optional.ofNullable(lastDate.get(item)));
        }
    }

    /**
     * {@code HOURS#<doctor> / PATTERN#<effective_from>}: a weekly pattern, its week as text,
     * {@code monday=09:00-12:30,14:00-18:00;...} ({@code -}: no day worked), and its last date, if any.
     */
    static final class WorkingHoursItem extends ItemSchema<WeeklyPattern> {
        final Attr<LocalDate> effectiveFrom = required("effective_from", Codec.DATE);
        final Attr<LocalDate> until = optional("until", Codec.DATE);
        final Attr<String> week = required("week", Codec.STRING);

        private WorkingHoursItem() {
            super("working hours");
        }

        @Override
        Map<String, AttributeValue> write(WeeklyPattern pattern) {
            var item = attributeMap();
            effectiveFrom.put(item, pattern.effectiveFrom());
            pattern.until().ifPresent(last -> until.put(item, last));
            java.util.StringJoiner days = new java.util.StringJoiner(";");
            pattern.week().forEach((day, ranges) -> {
                java.util.StringJoiner hours = new java.util.StringJoiner(",");
                ranges.forEach(r -> hours.add(r.start() + "-" + r.end()));
                days.add(day.name().toLowerCase(java.util.Locale.ROOT) + "=" + hours);
            });
            week.put(item, days.length() == 0 ? "-" : days.toString());
            return item;
        }

        @Override
        WeeklyPattern read(Map<String, AttributeValue> item) {
            Map<java.time.DayOfWeek, List<TimeRange>> days = new java.util.EnumMap<>(java.time.DayOfWeek.class);
            String text = week.get(item);
            if (!text.equals("-")) {
                for (String day : text.split(";")) {
                    String[] nameAndHours = day.split("=", 2);
                    List<TimeRange> ranges = new java.util.ArrayList<>();
                    for (String range : nameAndHours[1].split(",")) {
                        String[] ends = range.split("-", 2);
                        ranges.add(new TimeRange(LocalTime.parse(ends[0]), LocalTime.parse(ends[1])));
                    }
                    days.put(java.time.DayOfWeek.valueOf(nameAndHours[0].toUpperCase(java.util.Locale.ROOT)), ranges);
                }
            }
            return new WeeklyPattern(effectiveFrom.get(item), Optional.ofNullable(until.get(item)), days);
        }
    }

    /** {@code HOURS#<doctor> / TIMEOFF#<id>}: a doctor's time off, its dates inclusive, and why. */
    static final class TimeOffItem extends ItemSchema<clinic.domain.TimeOff> {
        final Attr<String> id = required("time_off", Codec.STRING);
        final Attr<LocalDate> from = required("from", Codec.DATE);
        final Attr<LocalDate> to = required("to", Codec.DATE);
        final Attr<String> reason = optional("reason", Codec.STRING);

        private TimeOffItem() {
            super("time off");
        }

        @Override
        Map<String, AttributeValue> write(clinic.domain.TimeOff timeOff) {
            var item = attributeMap();
            id.put(item, timeOff.id());
            from.put(item, timeOff.from());
            to.put(item, timeOff.to());
            if (!timeOff.reason().isEmpty()) {
                reason.put(item, timeOff.reason());
            }
            return item;
        }

        @Override
        clinic.domain.TimeOff read(Map<String, AttributeValue> item) {
            String why = reason.get(item);
            return new clinic.domain.TimeOff(id.get(item), from.get(item), to.get(item), why == null ? "" : why);
        }
    }

    /**
     * {@code HOURS#<doctor> / EDITED#<date>} written by a time off: the pattern leaves the date alone as
     * for a hand edit, and the time off's id lets its DELETE take back only the marks that are still its own
     * (a hand edit meanwhile rewrites the mark without it, and the date stays the doctor's).
     */
    static final class TimeOffMarkItem extends ItemSchema<String> {
        final Attr<String> timeOff = required("time_off", Codec.STRING);

        private TimeOffMarkItem() {
            super("time off mark");
        }

        @Override
        Map<String, AttributeValue> write(String timeOffId) {
            var item = attributeMap();
            timeOff.put(item, timeOffId);
            return item;
        }

        @Override
        String read(Map<String, AttributeValue> item) {
            return timeOff.get(item);
        }
    }

    /**
     * {@code HOURS#<doctor> / TIMEOFF_VERSION}: how many time offs the doctor has recorded. Each new one is
     * recorded on condition that it is still what was read before the doctor's time off was read, so two
     * overlapping ones sent at once cannot both pass the overlap check (issue 19).
     */
    static final class TimeOffVersionItem extends ItemSchema<Long> {
        final Attr<Long> version = required("version", NUMBER);

        private TimeOffVersionItem() {
            super("time off version");
        }

        @Override
        Map<String, AttributeValue> write(Long value) {
            var item = attributeMap();
            version.put(item, value);
            return item;
        }

        @Override
        Long read(Map<String, AttributeValue> item) {
            return version.get(item);
        }
    }

    /**
     * {@code PATIENTNAME#<first two characters> / <word>#<patient id>}: one per word of a patient's
     * name (issue 20), for staff's patient search; the patient as the entry names them.
     */
    static final class PatientNameItem extends ItemSchema<UserRef> {
        final Attr<String> patient = required("patient", STRING);
        final Attr<String> username = required("patient_username", STRING);
        final Attr<String> name = required("patient_name", STRING);

        private PatientNameItem() {
            super("patient name entry");
        }

        @Override
        Map<String, AttributeValue> write(UserRef who) {
            var item = attributeMap();
            patient.put(item, who.id());
            username.put(item, who.username());
            name.put(item, who.name());
            return item;
        }

        @Override
        UserRef read(Map<String, AttributeValue> item) {
            return new UserRef(patient.get(item), username.get(item), name.get(item));
        }
    }

    // --- The doctors' directory (issue 20) ---

    /** {@code SPECIALTY / <name>}: one of the clinic's specialties, and how many doctors name it (none: it may go). */
    static final class SpecialtyItem extends ItemSchema<String> {
        final Attr<String> name = required("name", STRING);
        /** Doctors naming it: ADDed by their profile writes, so a removal can require none, and the open list knows whether any does. */
        final Attr<Long> uses = optional("uses", NUMBER, 0L);

        private SpecialtyItem() {
            super("specialty");
        }

        @Override
        Map<String, AttributeValue> write(String specialty) {
            var item = attributeMap();
            name.put(item, specialty);
            return item;
        }

        @Override
        String read(Map<String, AttributeValue> item) {
            return name.get(item);
        }
    }

    /** A directory profile and the version it was read at (0: never saved). */
    record VersionedProfile(clinic.domain.DoctorProfile profile, long version) {}

    /**
     * {@code USER#<id> / DIRECTORY} (the doctor's profile, with its version) and {@code DIRECTORY#ALL /
     * <name key>\u0001<id>} (its copy in the directory's list): the same attributes.
     */
    static final class DoctorProfileItem extends ItemSchema<VersionedProfile> {
        final Attr<String> doctor = required("doctor", STRING);
        final Attr<String> displayName = required("display_name", STRING);
        final Attr<Set<String>> specialties = optional("specialties", STRING_SET);
        final Attr<Set<String>> languages = optional("languages", STRING_SET);
        final Attr<String> bio = optional("bio", STRING);
        final Attr<Long> version = optional("version", NUMBER, 0L);

        private DoctorProfileItem(String type) {
            super(type);
        }

        @Override
        Map<String, AttributeValue> write(VersionedProfile versioned) {
            var item = attributeMap();
            clinic.domain.DoctorProfile profile = versioned.profile();
            doctor.put(item, profile.doctorId());
            displayName.put(item, profile.displayName());
            specialties.put(item, new java.util.TreeSet<>(profile.specialties()));
            languages.put(item, new java.util.TreeSet<>(profile.languages()));
            bio.put(item, profile.bio());
            version.put(item, versioned.version());
            return item;
        }

        @Override
        VersionedProfile read(Map<String, AttributeValue> item) {
            Set<String> own = specialties.get(item);
            Set<String> spoken = languages.get(item);
            return new VersionedProfile(new clinic.domain.DoctorProfile(doctor.get(item), displayName.get(item),
                    own == null ? List.of() : own.stream().sorted().toList(), spoken == null ? List.of() : spoken.stream().sorted().toList(),
                    bio.get(item)), version.get(item));
        }
    }

    /** {@code DIRECTORY#SPECIALTY#<name> / <name key>\u0001<id>}: a doctor of that specialty; the key says where their full entry is. */
    static final class SpecialtyMemberItem extends ItemSchema<String> {
        final Attr<String> doctor = required("doctor", STRING);

        private SpecialtyMemberItem() {
            super("specialty member");
        }

        @Override
        Map<String, AttributeValue> write(String doctorId) {
            var item = attributeMap();
            doctor.put(item, doctorId);
            return item;
        }

        @Override
        String read(Map<String, AttributeValue> item) {
            return doctor.get(item);
        }
    }

    static final ProfileItem PROFILE = new ProfileItem();
    static final ClaimItem CLAIM = new ClaimItem();
    static final UpcomingItem UPCOMING = new UpcomingItem();
    static final TimeSlotItem TIME_SLOT = new TimeSlotItem();
    static final CatalogItem CATALOG = new CatalogItem();
    static final AvailabilityItem AVAILABILITY = new AvailabilityItem();
    static final PointerItem AVAILABILITY_POINTER = new PointerItem("availability pointer");
    static final PatientLockItem PATIENT_LOCK = new PatientLockItem();
    static final OfferLockItem OFFER_LOCK = new OfferLockItem();
    static final AppointmentItem APPOINTMENT = new AppointmentItem();
    static final AppointmentFields SEARCH_ENTRY = new AppointmentFields("search entry");
    static final IdempotencyItem IDEMPOTENCY = new IdempotencyItem();
    static final WaitlistEntryItem WAITLIST_ENTRY = new WaitlistEntryItem();
    static final WaitlistClaimItem WAITLIST_CLAIM = new WaitlistClaimItem();
    static final PointerItem WAITLIST_POINTER = new PointerItem("waitlist pointer");
    static final WaitlistSeatItem WAITLIST_SEAT = new WaitlistSeatItem();
    static final CalendarFeedItem CALENDAR_FEED = new CalendarFeedItem();
    static final FeedPointerItem FEED_POINTER = new FeedPointerItem();
    static final OutboxItem OUTBOX = new OutboxItem();
    static final NotificationPreferencesItem NOTIFICATION_PREFERENCES = new NotificationPreferencesItem();
    static final SentMarkerItem SENT_MARKER = new SentMarkerItem();
    static final UnannouncedOfferItem UNANNOUNCED_OFFER = new UnannouncedOfferItem();
    static final DoctorPolicyItem DOCTOR_POLICY = new DoctorPolicyItem();
    static final WorkingHoursItem WORKING_HOURS = new WorkingHoursItem();
    static final DoctorWithHoursItem DOCTOR_WITH_HOURS = new DoctorWithHoursItem();
    static final TimeOffItem TIME_OFF = new TimeOffItem();
    static final TimeOffMarkItem TIME_OFF_MARK = new TimeOffMarkItem();
    static final SpecialtyItem SPECIALTY = new SpecialtyItem();
    static final DoctorProfileItem DOCTOR_PROFILE = new DoctorProfileItem("doctor profile");
    static final DoctorProfileItem DIRECTORY_ENTRY = new DoctorProfileItem("directory entry");
    static final SpecialtyMemberItem SPECIALTY_MEMBER = new SpecialtyMemberItem();
    static final TimeOffVersionItem TIME_OFF_VERSION = new TimeOffVersionItem();
    static final PatientNameItem PATIENT_NAME = new PatientNameItem();

    /** Every item type, for the tests that check them all. */
    static final List<ItemSchema<?>> ALL = List.of(PROFILE, CLAIM, UPCOMING, TIME_SLOT, CATALOG, AVAILABILITY,
            AVAILABILITY_POINTER, PATIENT_LOCK, OFFER_LOCK, APPOINTMENT, SEARCH_ENTRY, IDEMPOTENCY, WAITLIST_ENTRY, WAITLIST_CLAIM,
            WAITLIST_POINTER, CALENDAR_FEED, FEED_POINTER, OUTBOX, NOTIFICATION_PREFERENCES, SENT_MARKER,
            WAITLIST_SEAT, UNANNOUNCED_OFFER, DOCTOR_POLICY, WORKING_HOURS, DOCTOR_WITH_HOURS, TIME_OFF, TIME_OFF_MARK,
            SPECIALTY, DOCTOR_PROFILE, DIRECTORY_ENTRY, SPECIALTY_MEMBER, TIME_OFF_VERSION,
            PATIENT_NAME);
}
