package clinic.domain;

/** The 409 codes of the API contract, each with the message a person reads. */
public final class Conflicts {
    private Conflicts() {}

    public static Problem.Conflict slotUnavailable() {
        return new Problem.Conflict("SLOT_UNAVAILABLE", "The doctor has no open availability in that slot");
    }

    public static Problem.Conflict patientBusy() {
        return new Problem.Conflict("PATIENT_BUSY", "You already hold an appointment at that date and slot");
    }

    public static Problem.Conflict alreadyExists(String what) {
        return new Problem.Conflict("ALREADY_EXISTS", what + " already exists");
    }

    public static Problem.Conflict slotBooked() {
        return new Problem.Conflict("SLOT_BOOKED", "An appointment holds this availability; cancel it first");
    }

    public static Problem.Conflict inUse() {
        return new Problem.Conflict("IN_USE", "Availabilities use this time slot");
    }

    public static Problem.Conflict overlap() {
        return new Problem.Conflict("ALREADY_EXISTS", "The time slot overlaps an existing one");
    }

    public static Problem.Conflict notBooked() {
        return new Problem.Conflict("NOT_BOOKED", "The appointment is cancelled and cannot be changed");
    }

    public static Problem.Conflict idempotencyKeyReused() {
        return new Problem.Conflict("IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was used for a different request");
    }

    /** A replayed Idempotency-Key whose booking was cancelled since: no 2xx, which a client would take for a booking it holds. */
    public static Problem.Conflict appointmentCancelled(String appointmentId) {
        return new Problem.Conflict("APPOINTMENT_CANCELLED", "The appointment this Idempotency-Key booked (" + appointmentId
                + ") has been cancelled since; to book again, send a new Idempotency-Key");
    }

    /** Booking or moving to a half hour the patient holds a waitlist offer for: it is an offer, to accept or decline. */
    public static Problem.Conflict offerHeld(String entryId) {
        return new Problem.Conflict("OFFER_HELD", "You hold a waitlist offer for that date and slot: accept it with POST /api/waitlist/"
                + entryId + "/accept, or decline it with POST /api/waitlist/" + entryId + "/decline, before booking it otherwise");
    }

    public static Problem.Conflict changed() {
        return new Problem.Conflict("CHANGED", "It was changed by someone else since it was read; read it again");
    }

    public static Problem.Conflict bookingLimit(int limit) {
        return new Problem.Conflict("BOOKING_LIMIT", "You already hold " + limit + " upcoming appointments, the most one patient may");
    }

    public static Problem.Conflict alreadyBookedThatDay() {
        return new Problem.Conflict("ALREADY_BOOKED", "You already hold an appointment with this doctor on that date");
    }

    public static Problem.Conflict waitlistLimit(int limit) {
        return new Problem.Conflict("WAITLIST_LIMIT", "You are already waiting for " + limit + " dates, the most one patient may");
    }

    public static Problem.Conflict offerExpired() {
        return new Problem.Conflict("OFFER_EXPIRED", "The offer's deadline has passed; the slot went to the next in line or opened to everyone");
    }

    public static Problem.Conflict noOffer() {
        return new Problem.Conflict("NO_OFFER", "This waitlist entry holds no offer to accept or decline");
    }

    public static Problem.Conflict slotHeld() {
        return new Problem.Conflict("SLOT_BOOKED", "A waitlist offer holds this availability until its deadline");
    }

    /** Booking policies (docs/decisions.md, "Booking policies"): the slot starts sooner than the doctor's minimum notice. */
    public static Problem.Conflict tooSoon(int minNoticeMinutes) {
        return new Problem.Conflict("TOO_SOON", "This slot can be booked only up to " + minNoticeMinutes + " minutes before it starts");
    }

    public static Problem.Conflict tooFarAhead(int horizonDays) {
        return new Problem.Conflict("TOO_FAR_AHEAD", "This doctor's slots can be booked at most " + horizonDays + " days ahead");
    }

    public static Problem.Conflict cancelCutoff(int cutoffHours) {
        return new Problem.Conflict("CANCEL_CUTOFF", "This appointment can be cancelled or rescheduled only up to " + cutoffHours
                + " hours before it starts; contact the clinic");
    }

    /** A time off over dates another of the doctor's time off already covers: one at a time, so ending one gives back exactly its dates. */
    public static Problem.Conflict timeOffOverlaps(TimeOff other) {
        return new Problem.Conflict("TIME_OFF_OVERLAPS", "The doctor already has time off from " + other.from() + " to " + other.to()
                + " (" + other.id() + "): end it first, or take time off for the other dates");
    }

    /** The doctors' directory (issue 20): a specialty leaves the clinic's list only once no doctor names it. */
    public static Problem.Conflict specialtyInUse(String specialty) {
        return new Problem.Conflict("IN_USE", "Doctors name the specialty '" + specialty + "' in their profiles; "
                + "remove it from their profiles first");
    }

    /** The visit (docs/decisions.md, "The visit"): a status its table does not allow from the current one. */
    public static Problem.Conflict invalidTransition(Appointment.Status from, Appointment.Status to) {
        return new Problem.Conflict("INVALID_TRANSITION", "An appointment that is " + from.wire() + " cannot become " + to.wire()
                + " (booked: arrived or noshow; arrived: fulfilled; noshow: arrived; fulfilled and cancelled: nothing)");
    }

    public static Problem.Conflict notStarted() {
        return new Problem.Conflict("NOT_STARTED", "The appointment has not started yet; its visit can be recorded from its start");
    }

    /** Cancelling or rescheduling an appointment whose visit is recorded: the record stays. */
    public static Problem.Conflict visitRecorded(Appointment.Status status) {
        return new Problem.Conflict("VISIT_RECORDED", "The appointment's visit is recorded (" + status.wire()
                + "); it can no longer be cancelled or rescheduled");
    }

    /** A patient's own booking after too many recent no-shows (the NoShowLimit policy); the clinic can still book them. */
    public static Problem.Conflict noShowLimit(int limit, int windowDays) {
        return new Problem.Conflict("NO_SHOW_LIMIT", "You missed " + limit + " or more appointments in the last " + windowDays
                + " days; contact the clinic to book");
    }
}
