package clinic.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * A patient's booked appointments by id, with the date and time each starts: what the per-patient
 * cap on upcoming bookings counts. Entries whose time has come are left behind by the passing of
 * time, not by a write; {@link #started} names them so the next booking can drop them.
 */
public record UpcomingBookings(Map<String, LocalDateTime> starts) {
    public static final UpcomingBookings NONE = new UpcomingBookings(Map.of());

    public UpcomingBookings {
        starts = Map.copyOf(starts);
    }

    /** How many have not started yet. */
    public long upcoming(ClinicClock clock) {
        return starts.values().stream().filter(start -> !clock.hasStarted(start.toLocalDate(), start.toLocalTime())).count();
    }

    /** The appointments whose time has come: no longer upcoming, so no longer counted. */
    public List<String> started(ClinicClock clock) {
        return starts.entrySet().stream()
                .filter(e -> clock.hasStarted(e.getValue().toLocalDate(), e.getValue().toLocalTime()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** Whether one more booking would pass {@code limit}. */
    public boolean full(ClinicClock clock, int limit) {
        return upcoming(clock) >= limit;
    }
}
