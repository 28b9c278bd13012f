package clinic.notify;

import clinic.domain.Appointment;
import clinic.domain.BookingEvent;
import clinic.domain.ClinicClock;
import clinic.http.Json;
import clinic.schedule.Timers;
import clinic.store.AppointmentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One reminder timer per appointment, 24 hours before it: set when it is booked, moved when it is
 * rescheduled, cancelled when it is cancelled. The timer follows the appointment as it is now (read
 * again), not as the event says, so events handled out of order (a booking after its reschedule)
 * still leave it at the current start.
 */
public final class Reminders {
    /** How long before the appointment the reminder goes out. */
    public static final Duration BEFORE = Duration.ofHours(24);

    private final AppointmentStore appointments;
    private final Timers timers;
    private final String target;
    private final ClinicClock clock;

    public Reminders(AppointmentStore appointments, Timers timers, String target, ClinicClock clock) {
        this.appointments = appointments;
        this.timers = timers;
        this.target = target;
        this.clock = clock;
    }

    /**
     * Sets, moves or cancels the event's appointment's reminder. One that starts within 24 hours
     * gets none (its booking email is the reminder), and loses one set for an earlier start.
     */
    public void follow(BookingEvent event) {
        Optional<Appointment> now = appointments.byId(event.appointment().id());
        String name = timerOf(event.appointment().id());
        if (now.isEmpty() || !now.get().isBooked()) {
            timers.cancel(name);
            return;
        }
        Instant start = start(now.get(), clock);
        Instant at = start.minus(BEFORE);
        if (!at.isAfter(clock.now())) {
            timers.cancel(name);
            return;
        }
        timers.set(name, at, target, Json.write(Map.of("appointment", now.get().id(), "start", start.toString())));
    }

    static Instant start(Appointment a, ClinicClock clock) {
        return clock.at(a.date(), a.slot().start()).toInstant();
    }

    /** One timer per appointment (a UUID: 43 characters, within Scheduler's 64). */
    static String timerOf(String appointmentId) {
        return "remind-" + appointmentId;
    }
}
