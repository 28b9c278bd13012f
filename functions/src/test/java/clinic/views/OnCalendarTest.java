package clinic.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** start and end are written as ISO_OFFSET_DATE_TIME writes them, in every kind of zone and at every edge. */
class OnCalendarTest {

    @Test
    void startAndEndAreTheFormattersTextInEveryZone() {
        List<ZoneId> zones = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"),
                ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Pacific/Chatham"), ZoneId.of("Africa/Monrovia"));
        List<LocalDate> dates = List.of(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 8), LocalDate.of(2026, 10, 25),
                LocalDate.of(2026, 12, 7), LocalDate.of(1971, 1, 1), LocalDate.of(2099, 12, 31), LocalDate.of(1900, 6, 1));
        List<LocalTime> times = List.of(LocalTime.of(9, 0), LocalTime.of(2, 30), LocalTime.of(20, 30), LocalTime.of(0, 0),
                LocalTime.of(23, 59, 59), LocalTime.of(10, 0, 0, 5));
        for (ZoneId zone : zones) {
            for (LocalDate date : dates) {
                for (LocalTime time : times) {
                    OffsetDateTime at = date.atTime(time).atZone(zone).toOffsetDateTime();
                    assertThat(OnCalendar.dateTime(at)).as(at.toString()).isEqualTo(at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                }
            }
        }
    }
}
