package clinic.views;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Appointment;
import clinic.domain.ClinicClock;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.http.Json;
import clinic.views.OnCalendar;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppointmentViewsTest {

    @Test
    void anAppointmentIsWrittenWithTheContractsFieldsInOrder() {
        ClinicClock clock = new ClinicClock(Clock.systemUTC(), ZoneId.of("Europe/London"));
        TimeSlot slot = new TimeSlot(3, new TimeRange(LocalTime.of(10, 0), LocalTime.of(10, 30)));
        Appointment appointment = new Appointment("a1", new UserRef("p1", "pat", "Pat \"P\" Jones"), new UserRef("d1", "grey", "Meredith Grey"),
                LocalDate.of(2030, 7, 1), slot, Appointment.Status.BOOKED, Instant.parse("2030-06-01T08:00:00Z"));
        assertThat(Json.write(AppointmentViews.view(clock).apply(appointment))).isEqualTo(
                "{\"id\":\"a1\",\"patient\":\"p1\",\"patient_name\":\"Pat \\\"P\\\" Jones\",\"doctor\":\"d1\",\"doctor_name\":\"Meredith Grey\","
                        + "\"date\":\"2030-07-01\",\"time_slot\":3,\"start_time\":\"10:00:00\",\"end_time\":\"10:30:00\","
                        + "\"start\":\"2030-07-01T10:00:00+01:00\",\"end\":\"2030-07-01T10:30:00+01:00\","
                        + "\"status\":\"booked\",\"created_at\":\"2030-06-01T08:00:00Z\",\"booked_by\":null,\"cancelled_by\":null,"
                        + "\"rescheduled_by\":null,\"cancel_reason\":null,\"status_history\":[]}");
    }

    @Test
    void anAppointmentCarriesEveryCalendarFieldInTheOrderOtherViewsUnwrapThem() {
        List<String> calendar = Arrays.stream(OnCalendar.class.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> view = Arrays.stream(AppointmentViews.AppointmentView.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(view.subList(5, 5 + calendar.size())).isEqualTo(calendar);
    }
}
