package clinic.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.availability.AvailabilityService.Declaration;
import clinic.domain.Availability;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.http.Json;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailabilityViewsTest {
    private static final Caller DOCTOR = new Caller("d1", "grey", java.util.Set.of(Role.DOCTOR));

    @Test
    void anAvailabilityIsWrittenWithTheContractsFieldsInOrder() {
        ClinicClock clock = new ClinicClock(Clock.systemUTC(), ZoneId.of("UTC"));
        TimeSlot slot = new TimeSlot(1, new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 30)));
        Availability availability = new Availability("av1", new UserRef("d1", "grey", "Meredith Grey"), LocalDate.of(2030, 1, 15), slot,
                Availability.Status.OPEN, null);
        assertThat(Json.write(AvailabilityViews.view(clock).apply(availability))).isEqualTo(
                "{\"id\":\"av1\",\"doctor\":\"d1\",\"doctor_name\":\"Meredith Grey\",\"date\":\"2030-01-15\",\"time_slot\":1,"
                        + "\"start_time\":\"09:00:00\",\"end_time\":\"09:30:00\",\"start\":\"2030-01-15T09:00:00Z\","
                        + "\"end\":\"2030-01-15T09:30:00Z\",\"is_available\":true}");
    }

    @Test
    void anArrayOfDeclarationsNamesEveryBadFieldByItsIndexInOne400() {
        String body = "[{\"date\":\"2030-01-15\",\"time_slot\":1},{\"date\":7,\"is_available\":\"no\"},{\"time_slot\":\"x\"}]";
        assertThatThrownBy(() -> AvailabilityViews.declarations(Json.read(body), DOCTOR))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields()).isEqualTo(Map.of(
                        "[1].date", "must be a string", "[1].time_slot", "is required", "[1].is_available", "must be true or false")));
    }

    @Test
    void oneObjectOrAnArrayAreBothDeclarations() {
        assertThat(AvailabilityViews.declarations(Json.read("{\"date\":\"2030-01-15\",\"time_slot\":\"2\",\"doctor\":\"d1\"}"), DOCTOR))
                .containsExactly(new Declaration(LocalDate.of(2030, 1, 15), 2, true));
        assertThat(AvailabilityViews.declarations(Json.read("[{\"date\":\"2030-01-15\",\"time_slot\":2,\"is_available\":false,\"extra\":[1]}]"),
                DOCTOR)).containsExactly(new Declaration(LocalDate.of(2030, 1, 15), 2, false));
        assertThat(AvailabilityViews.declarations(Json.read("[]"), DOCTOR)).isEmpty();
    }

    @Test
    void anotherDoctorInTheBodyIsForbidden() {
        for (String doctor : List.of("\"d2\"", "5", "{\"id\":\"d1\"}")) {
            assertThatThrownBy(() -> AvailabilityViews.declarations(Json.read("{\"date\":\"2030-01-15\",\"time_slot\":2,\"doctor\":" + doctor + "}"),
                    DOCTOR)).as(doctor).isInstanceOf(Problem.Forbidden.class);
        }
    }
}
