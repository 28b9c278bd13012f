package clinic.store;

import clinic.domain.NameWords;
import clinic.domain.OpenSlotOrdering;
import clinic.domain.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Every key of the single table, named once. {@code docs/data-model.md} lists the access pattern
 * each one serves; the two must change together.
 */
final class Keys {
    static final String PK = "PK";
    static final String SK = "SK";

    /** Sparse index of open availabilities: present on an availability only while it is open. */
    static final String OPEN_SLOTS = "OpenSlots";
    static final String OPEN_PK = "OpenPK";
    static final String OPEN_SK = "OpenSK";
    /** Sparse like OpenSlots (it shares OpenSK): one doctor's open availabilities in date and time order. */
    static final String OPEN_BY_DOCTOR = "OpenByDoctor";
    /** Every availability of one doctor, whatever its status, in date and time order. */
    static final String DOCTOR_SCHEDULE = "DoctorSchedule";
    static final String SLOT_DOCTOR_PK = "SlotDoctorPK";
    static final String SCHEDULE_SK = "ScheduleSK";

    /**
     * Sparse index of held availabilities by deadline, for the offer sweep: keyed by the
     * availability's own {@code status} and {@code hold_until}, which only a held availability has
     * both of (an offer's lock has no status, an appointment no deadline), so no write adds a key.
     */
    static final String HOLDS_BY_DEADLINE = "HoldsByDeadline";

    /** Appointment indexes, all sorted by {@link #WHEN_SK} = date#HHMM#id. */
    static final String BY_PATIENT = "ByPatient";
    static final String PATIENT_PK = "PatientPK";
    static final String BY_DOCTOR = "ByDoctor";
    static final String DOCTOR_PK = "DoctorPK";
    static final String BY_DATE = "ByDate";
    static final String ALL_PK = "AllPK";
    static final String WHEN_SK = "WhenSK";
    static final String ALL_APPOINTMENTS = "APPOINTMENTS#";
    /** Name-search entries hold the first this many characters of a word in their partition key. */
    static final int SEARCH_PREFIX = NameWords.MIN_TERM_WORD;

    private Keys() {}

    static Key profile(String userId) {
        return new Key("USER#" + userId, "PROFILE");
    }

    /**
     * A patient's upcoming booked appointments, one attribute per appointment ({@link #upcomingEntry}),
     * for the booking limit; read with the profile in the booking's one BatchGetItem.
     */
    static Key upcoming(String patientId) {
        return new Key("USER#" + patientId, "UPCOMING");
    }

    static final String UPCOMING_PREFIX = "appt_";

    /** The attribute of {@link #upcoming} naming one appointment: a plain word, so it needs no placeholder map of its own. */
    static String upcomingEntry(String appointmentId) {
        return UPCOMING_PREFIX + appointmentId.replace('-', '_');
    }

    static String appointmentOfUpcomingEntry(String attribute) {
        return attribute.substring(UPCOMING_PREFIX.length()).replace('_', '-');
    }

    /**
     * A patient's name-search entry for one word of their name (issue 20): partitioned by the word's
     * first {@link #SEARCH_PREFIX} characters, sorted by the word then the patient, so a term's word
     * is one range of one partition.
     */
    static Key patientName(String word, String patientId) {
        return new Key(patientNamePartition(word), word + "#" + patientId);
    }

    static String patientNamePartition(String word) {
        return "PATIENTNAME#" + word.codePoints().limit(SEARCH_PREFIX)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    }

    static final String NO_SHOW_PREFIX = "noshow_";

    /** The attribute of {@link #upcoming} recording one no-show (the appointment missed): a plain word, as above. */
    static String noShowEntry(String appointmentId) {
        return NO_SHOW_PREFIX + appointmentId.replace('-', '_');
    }

    static String appointmentOfNoShowEntry(String attribute) {
        return attribute.substring(NO_SHOW_PREFIX.length()).replace('_', '-');
    }

    static Key usernameClaim(String username) {
        return new Key("USERNAME#" + username.toLowerCase(Locale.ROOT), "CLAIM");
    }

    static Key emailClaim(String email) {
        return new Key("EMAIL#" + email.toLowerCase(Locale.ROOT), "CLAIM");
    }

    static final String TIMESLOT_PARTITION = "TIMESLOT";
    static final String TIMESLOT_PREFIX = "SLOT#";
    /** One item whose version every time-slot change bumps, so overlapping edits cannot both win. */
    static final Key TIMESLOT_CATALOG = new Key(TIMESLOT_PARTITION, "CATALOG");

    static Key timeSlot(int id) {
        return new Key(TIMESLOT_PARTITION, TIMESLOT_PREFIX + padded(id, 4));
    }

    static Key availability(String doctorId, LocalDate date, int slotId) {
        return new Key("DOCTOR#" + doctorId, slot(date, slotId));
    }

    static String doctorPartition(String doctorId) {
        return "DOCTOR#" + doctorId;
    }

    static String slotPrefix(LocalDate date) {
        return "SLOT#" + date + "#";
    }

    static Key availabilityPointer(String availabilityId) {
        return new Key("AVAIL#" + availabilityId, "AVAIL");
    }

    /** Exists while the patient holds a booking at that date and slot: rule 2 of the contract. */
    static Key patientLock(String patientId, LocalDate date, int slotId) {
        return new Key("PATIENT#" + patientId, slot(date, slotId));
    }

    static Key appointment(String appointmentId) {
        return new Key("APPT#" + appointmentId, "APPT");
    }

    /**
     * A name-search entry: in the partition of one scope (a patient's, a doctor's or the clinic's),
     * one role's name words starting with one two-character prefix; sorted by date, time and id.
     */
    static Key nameEntry(String scope, Role role, String word, LocalDate date, LocalTime start, String appointmentId) {
        return new Key(namePartition(scope, role, word), when(date, start, appointmentId));
    }

    static String namePartition(String scope, Role role, String word) {
        return "SEARCH#" + scope + "#" + role.name() + "#" + word.codePoints().limit(SEARCH_PREFIX)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    }

    /** Every booked appointment of a patient's or doctor's own scope, sorted by date, time and id. */
    static Key ownEntry(String scope, LocalDate date, LocalTime start, String appointmentId) {
        return new Key(ownPartition(scope), when(date, start, appointmentId));
    }

    static String ownPartition(String scope) {
        return "SEARCH#" + scope + "#OWN";
    }

    static String patientScope(String patientId) {
        return "PATIENT#" + patientId;
    }

    static String doctorScope(String doctorId) {
        return "DOCTOR#" + doctorId;
    }

    static final String CLINIC_SCOPE = "ALL";

    static Key idempotency(String callerId, String idempotencyKey) {
        return new Key("IDEMPOTENCY#" + callerId + "#" + idempotencyKey, "IDEMPOTENCY");
    }

    /**
     * One doctor's waitlist for one date: a Query of this partition is the queue, in join order
     * ({@link #waitlistEntry}'s sort key starts with the zero-padded join time in milliseconds).
     */
    static String waitlistPartition(String doctorId, LocalDate date) {
        return "WAITLIST#" + doctorId + "#" + date;
    }

    static Key waitlistEntry(String doctorId, LocalDate date, Instant joinedAt, String entryId) {
        String millis = Long.toString(joinedAt.toEpochMilli());
        return new Key(waitlistPartition(doctorId, date), "0".repeat(Math.max(0, 15 - millis.length())) + millis + "#" + entryId);
    }

    static final String WAITLIST_CLAIM_PREFIX = "WAITLIST#";

    /**
     * A patient's claim on one (doctor, date) waitlist, in the patient's own partition: Put if absent,
     * so joining twice is refused, and a Query of the prefix lists (and counts) their entries.
     */
    static Key waitlistClaim(String patientId, String doctorId, LocalDate date) {
        return new Key("USER#" + patientId, WAITLIST_CLAIM_PREFIX + doctorId + "#" + date);
    }

    static final String WAITLIST_SEAT_PREFIX = "WAITLIST_SEAT#";

    /**
     * One of a patient's {@code MaxWaitlistEntries} seats, in the patient's own partition: a join takes
     * a free one on condition it is still as read, so racing joins never pass the cap.
     */
    static Key waitlistSeat(String patientId, int seat) {
        return new Key("USER#" + patientId, WAITLIST_SEAT_PREFIX + seat);
    }

    /** Where the waitlist entry with this id lives (target_pk, target_sk), for the routes that name it by id. */
    static Key waitlistPointer(String entryId) {
        return new Key("WAITENTRY#" + entryId, "WAITENTRY");
    }

    /** A calendar feed's secret, by its SHA-256 only: the token itself is never stored. */
    static Key calendarFeed(String tokenHash) {
        return new Key("FEED#" + tokenHash, "FEED");
    }

    /** Which feed a user has now, so a new one replaces it and revoking finds it. */
    static Key userCalendarFeed(String userId) {
        return new Key("USER#" + userId, "FEED");
    }

    /** A user's notification preferences (absent: the defaults). */
    static Key notificationPreferences(String userId) {
        return new Key("USER#" + userId, "NOTIFICATIONS");
    }

    /** Every doctor's own booking policy, one partition: the open-slot list reads them all in one Query (docs/data-model.md). */
    static final String POLICY_PARTITION = "POLICY";

    /** A doctor's own booking policy (absent: the clinic's). */
    static Key doctorPolicy(String doctorId) {
        return new Key(POLICY_PARTITION, "DOCTOR#" + doctorId);
    }

    /** Exists once a notification (an event id, or a reminder's id) has been claimed for sending to one recipient. */
    static Key sentMarker(String notificationId, String recipientId) {
        return new Key("NOTIFIED#" + notificationId + "#" + recipientId, "SENT");
    }

    /**
     * The partition of lapsed offers whose hold a booking, close or removal took before any timer
     * passed it on (few: one per such write, deleted by the sweep that announces it), by offer id.
     */
    static final String UNANNOUNCED_OFFERS = "UNANNOUNCED_OFFERS";

    static Key unannouncedOffer(String offerId) {
        return new Key(UNANNOUNCED_OFFERS, offerId);
    }

    /** An event waiting in the outbox; the stream filter selects new items by this prefix. */
    static final String OUTBOX_PREFIX = "OUTBOX#";

    static Key outbox(String eventId) {
        return new Key(OUTBOX_PREFIX + eventId, "EVENT");
    }

    /** The index {@code Unpublished}'s partition of an event: the UTC day it occurred, so a reconciler walks a few days. */
    static String unpublishedPartition(Instant occurredAt) {
        return "UNPUBLISHED#" + occurredAt.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Its sort key there: when it occurred (epoch ms, 15 digits, so text order is time order), then its id. */
    static String unpublishedPosition(Instant occurredAt, String eventId) {
        return padded(occurredAt.toEpochMilli(), 15) + "#" + eventId;
    }

    static String openPartition(LocalDate date) {
        return "OPEN#" + date;
    }

    /**
     * Where an availability sorts in every index of availabilities (OpenSK while open, ScheduleSK
     * always): date, start time, doctor name key, doctor id. The date leads, so one key orders a
     * day's partition and a doctor's whole calendar alike.
     */
    static String slotPosition(LocalDate date, LocalTime start, String doctorName, String doctorId) {
        return date + "#" + hhmm(start) + "#" + OpenSlotOrdering.nameKey(doctorName) + "#" + doctorId;
    }

    /** The admins' list is sharded by month of the appointment: no partition takes every booking. */
    static String allPartition(LocalDate date) {
        return ALL_APPOINTMENTS + month(date);
    }

    static String month(LocalDate date) {
        return date.toString().substring(0, 7);
    }

    /** The start of a (date, time) in every date-led sort key above. */
    static String dayTime(LocalDate date, LocalTime time) {
        return date + "#" + hhmm(time);
    }

    static String when(LocalDate date, LocalTime start, String appointmentId) {
        return date + "#" + hhmm(start) + "#" + appointmentId;
    }

    private static String slot(LocalDate date, int slotId) {
        return slotPrefix(date) + padded(slotId, 4);
    }

    private static String hhmm(LocalTime time) {
        return padded(time.getHour(), 2) + padded(time.getMinute(), 2);
    }

    /** Zero-padded digits. Not String.format: its Formatter pulls locale data into every cold start. */
    static String padded(long value, int width) {
        if (value < 0) {
            return String.format("%0" + width + "d", value); // never on the hot path: positions are of times after 1970
        }
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    // --- The doctors' directory (issue 20; docs/data-model.md, "The doctors' directory") ---

    /** The clinic's specialties, one item each (with how many doctors name it), in one partition: the list is one Query. */
    static final String SPECIALTY_PARTITION = "SPECIALTY";

    static Key specialty(String name) {
        return new Key(SPECIALTY_PARTITION, name);
    }

    /** A doctor's directory profile (absent: never saved; their account name is shown). */
    static Key doctorProfile(String doctorId) {
        return new Key("USER#" + doctorId, "DIRECTORY");
    }

    /** A doctor names a specialty: looked up by key for the doctors an open-list page reads (bounded by the page). */
    static Key doctorSpecialty(String doctorId, String specialty) {
        return new Key("USER#" + doctorId, "SPECIALTY#" + specialty);
    }

    /** Every doctor, by name: the directory's list, each entry a copy of the profile. */
    static final String DIRECTORY_ALL = "DIRECTORY#ALL";

    /** The doctors of one specialty, by name: slim entries (the doctor only), for the directory's and the open list's filter. */
    static String directoryOf(String specialty) {
        return "DIRECTORY#SPECIALTY#" + specialty;
    }

    /**
     * Where a doctor sorts in the directory: the name's key, then (after U+0001, below every
     * character a name may hold, so "amy" sorts before "amy young") the doctor's id.
     */
    static String directoryPosition(String nameKey, String doctorId) {
        return nameKey + "\001" + doctorId;
    }
}
