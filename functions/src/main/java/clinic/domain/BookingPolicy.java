package clinic.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;

/**
 * A clinic's booking rules, or one doctor's own (docs/decisions.md, "Booking policies"). Each rule
 * is a number or null, "no rule" (for a doctor's own: "the clinic's"):
 * <ul>
 *   <li>{@code minNoticeMinutes}: a slot can be booked, or rescheduled into, until that long before
 *   its start (at exactly that long: still bookable); 409 TOO_SOON after;</li>
 *   <li>{@code horizonDays}: a slot can be booked or rescheduled into on dates up to that many days
 *   after today (today + horizon: still bookable); 409 TOO_FAR_AHEAD beyond;</li>
 *   <li>{@code cancelCutoffHours}: a patient may cancel, or reschedule away from, an appointment until
 *   that long before its start (at exactly that long: still allowed); 409 CANCEL_CUTOFF after.
 *   Doctors and admins are exempt.</li>
 * </ul>
 * The lifecycle decides first (an unavailable slot is SLOT_UNAVAILABLE whatever its time); these
 * rules are the step next to its BOOK and RELEASE decisions.
 */
public record BookingPolicy(Integer minNoticeMinutes, Integer horizonDays, Integer cancelCutoffHours) {
    /** No rules at all: the template's default, so the original clients book as they always did. */
    public static final BookingPolicy NONE = new BookingPolicy(null, null, null);
    /** Bounds of each rule: a year of notice, ten years ahead, a year's cutoff; beyond, a typo. */
    public static final int MAX_NOTICE_MINUTES = 525_600;
    public static final int MAX_HORIZON_DAYS = 3_650;
    public static final int MAX_CUTOFF_HOURS = 8_760;

    public BookingPolicy {
        requireWithin("min_notice_minutes", minNoticeMinutes, MAX_NOTICE_MINUTES);
        requireWithin("horizon_days", horizonDays, MAX_HORIZON_DAYS);
        requireWithin("cancel_cutoff_hours", cancelCutoffHours, MAX_CUTOFF_HOURS);
    }

    private static void requireWithin(String name, Integer value, int max) {
        if (value != null && (value < 0 || value > max)) {
            throw new IllegalArgumentException(name + " must be between 0 and " + max);
        }
    }

    /** The rules in force for a doctor whose own are {@code own}: each of theirs where set, else this (the clinic's). */
    public BookingPolicy under(BookingPolicy own) {
        return new BookingPolicy(own.minNoticeMinutes != null ? own.minNoticeMinutes : minNoticeMinutes,
                own.horizonDays != null ? own.horizonDays : horizonDays,
                own.cancelCutoffHours != null ? own.cancelCutoffHours : cancelCutoffHours);
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /** Booking (or rescheduling into) the slot of {@code date} starting at {@code start}: the 409 that refuses it, if any. */
    public Optional<Problem.Conflict> checkBooking(LocalDate date, LocalTime start, ClinicClock clock) {
        if (horizonDays != null && date.isAfter(clock.today().plusDays(horizonDays))) {
            return Optional.of(Conflicts.tooFarAhead(horizonDays));
        }
        if (minNoticeMinutes != null
                && clock.now().plus(Duration.ofMinutes(minNoticeMinutes)).isAfter(clock.at(date, start).toInstant())) {
            return Optional.of(Conflicts.tooSoon(minNoticeMinutes));
        }
        return Optional.empty();
    }

    public boolean allowsBooking(LocalDate date, LocalTime start, ClinicClock clock) {
        return checkBooking(date, start, clock).isEmpty();
    }

    /** The earliest start a booking may have now: now plus the notice (now without one). */
    public Instant earliestBookableStart(Instant now) {
        return minNoticeMinutes == null ? now : now.plus(Duration.ofMinutes(minNoticeMinutes));
    }

    /** The last date a booking may be on, if the horizon bounds it. */
    public Optional<LocalDate> lastBookableDate(LocalDate today) {
        return Optional.ofNullable(horizonDays).map(today::plusDays);
    }

    /**
     * {@code caller} cancelling, or rescheduling away from, an appointment starting at {@code start}:
     * CANCEL_CUTOFF if a patient is past the cutoff. Doctors and admins are exempt.
     */
    public Optional<Problem.Conflict> checkLeaving(Caller caller, Instant start, Instant now) {
        if (!boundByCutoff(caller) || cancelCutoffHours == null || cancelCutoffHours <= longestCutoffAllowing(start, now)) {
            return Optional.empty();
        }
        return Optional.of(Conflicts.cancelCutoff(cancelCutoffHours));
    }

    /** Whether the cancellation cutoff applies to the caller: to patients; doctors and admins (and any staff role) are exempt. */
    public static boolean boundByCutoff(Caller caller) {
        return caller.is(Role.PATIENT) && !caller.is(Role.DOCTOR) && !caller.is(Role.ADMIN) && !caller.is(Role.STAFF);
    }

    /**
     * The longest cutoff, in whole hours, that still lets a patient leave an appointment starting at
     * {@code start} at {@code now} (negative once it has started: then any cutoff refuses). The write
     * guards a doctor's own cutoff with it, so that a cancel reads only the appointment
     * ({@link #cutoffGuard}).
     */
    public static long longestCutoffAllowing(Instant start, Instant now) {
        return Math.floorDiv(Duration.between(now, start).toMillis(), Duration.ofHours(1).toMillis());
    }

    /**
     * What a doctor's own policy item must say for a patient to leave an appointment starting at
     * {@code start} now, under the clinic's cutoff {@code clinicCutoffHours} (null: none): its own
     * cutoff at most {@code longestAllowedHours}; or none of its own, where the clinic's allows it.
     * A cancel knows the doctor only from the appointment it reads, so its write checks this against
     * the doctor's policy item instead of a second read.
     */
    public record CutoffGuard(long longestAllowedHours, Integer clinicCutoffHours) {
        public boolean clinicAllows() {
            return clinicCutoffHours == null || clinicCutoffHours <= longestAllowedHours;
        }

        /** The 409 when the guard fails, naming the cutoff in force ({@code own}: the doctor's, null for the clinic's). */
        public Problem.Conflict refusal(Integer own) {
            return Conflicts.cancelCutoff(own != null ? own : clinicCutoffHours == null ? 0 : clinicCutoffHours);
        }
    }

    /** This (the clinic's) policy's guard for leaving an appointment starting at {@code start}, at {@code now}. */
    public CutoffGuard cutoffGuard(Instant start, Instant now) {
        return new CutoffGuard(longestCutoffAllowing(start, now), cancelCutoffHours);
    }

    /**
     * The clinic's no-show policy (template parameter {@code NoShowLimit}, empty by default: none): a
     * patient with {@code limit} or more no-shows among appointments that started in the last
     * {@value #NO_SHOW_WINDOW_DAYS} days may not book for themselves (409 NO_SHOW_LIMIT); staff and
     * admins still book them. Only a patient's own booking is bound ({@link #boundByNoShowLimit}).
     */
    public record NoShowLimit(Integer limit) {
        public static final NoShowLimit NONE = new NoShowLimit(null);
        public static final int MAX_LIMIT = 1_000;

        public NoShowLimit {
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw new IllegalArgumentException("no_show_limit must be between 1 and " + MAX_LIMIT);
            }
        }

        /** The 409 refusing {@code patient}'s own booking now, if their no-shows reach the limit. */
        public Optional<Problem.Conflict> check(UpcomingBookings patient, ClinicClock clock) {
            if (limit == null) {
                return Optional.empty();
            }
            LocalDateTime since = clock.now().atZone(clock.zone()).toLocalDateTime().minusDays(NO_SHOW_WINDOW_DAYS);
            if (patient.noShowsSince(since) >= limit) {
                return Optional.of(Conflicts.noShowLimit(limit, NO_SHOW_WINDOW_DAYS));
            }
            return Optional.empty();
        }
    }

    /** The window the no-show limit counts in, in days before now. */
    public static final int NO_SHOW_WINDOW_DAYS = 90;

    /** Whether the no-show limit binds {@code caller} booking for {@code patientId}: only a patient booking for themselves. */
    public static boolean boundByNoShowLimit(Caller caller, String patientId) {
        return caller.id().equals(patientId) && boundByCutoff(caller);
    }
}
