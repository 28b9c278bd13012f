package clinic.domain;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/** The clinic's day: 30-minute steps from 09:00 to 21:00. */
public final class SlotGrid {
    public static final LocalTime OPENS = LocalTime.of(9, 0);
    public static final LocalTime CLOSES = LocalTime.of(21, 0);
    public static final Duration STEP = Duration.ofMinutes(30);

    private SlotGrid() {}

    public static boolean isOnGrid(LocalTime time) {
        return time.getSecond() == 0 && time.getNano() == 0 && time.getMinute() % 30 == 0;
    }

    /** The 24 half-hour slots of a standard day, in order. */
    public static List<TimeRange> standardDay() {
        List<TimeRange> ranges = new ArrayList<>();
        for (LocalTime t = OPENS; t.isBefore(CLOSES); t = t.plus(STEP)) {
            ranges.add(new TimeRange(t, t.plus(STEP)));
        }
        return ranges;
    }
}
