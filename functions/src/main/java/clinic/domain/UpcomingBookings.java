package clinic.domain;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * A patient's booked appointments by id, with the date and time each starts: what the per-patient
 * cap on upcoming bookings counts. Entries whose time has come are left behind by the passing of
 * time, not by a write; {@link #started} names them so the next booking can drop them. Beside
 * them, the patient's no-shows by appointment id, with the start of each missed appointment: what
 * the no-show limit counts ({@link BookingPolicy.NoShowLimit}), (they are kept: docs/decisions.md, "The visit").
 */
public record UpcomingBookings(Map<String, LocalDateTime> starts, Map<String, LocalDateTime> noShows) {
    public static final UpcomingBookings NONE = new UpcomingBookings(Map.of());

    public UpcomingBookings {
        starts = Map.copyOf(starts);
        noShows = Map.copyOf(noShows);
    }

    public UpcomingBookings(Map<String, LocalDateTime> starts) {
        this(starts, Map.of());
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

    /** How many no-shows were of appointments starting at or after {@code since} (the clinic's wall clock). */
    public long noShowsSince(LocalDateTime since) {
        return noShows.values().stream().filter(start -> !start.isBefore(since)).count();
    }
}
