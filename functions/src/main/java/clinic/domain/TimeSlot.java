package clinic.domain;

import java.time.LocalTime;

/** A numbered time slot of the clinic's day, as the original service's {@code TimeSlot}. */
public record TimeSlot(int id, TimeRange range) {

    public LocalTime start() {
        return range.start();
    }

    public LocalTime end() {
        return range.end();
    }
}
