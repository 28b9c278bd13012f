package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSlotOrderingTest {
    private static final LocalDate MONDAY = LocalDate.of(2030, 1, 7);

    private static Availability slot(LocalDate date, int hour, String doctorName) {
        TimeSlot timeSlot = new TimeSlot(hour, new TimeRange(LocalTime.of(hour, 0), LocalTime.of(hour, 30)));
        return new Availability(doctorName + hour + date, new UserRef("id-" + doctorName, doctorName.toLowerCase(), doctorName),
                date, timeSlot, Availability.Status.OPEN, null);
    }

    private static List<String> order(String ordering, Availability... slots) {
        List<Availability> list = new ArrayList<>(List.of(slots));
        list.sort(OpenSlotOrdering.parse(ordering).comparator());
        return list.stream().map(a -> a.date().getDayOfMonth() + "@" + a.slot().start().getHour() + ":" + a.doctor().name()).toList();
    }

    @Test
    void theDefaultIsDateThenStartTimeThenDoctorName() {
        assertThat(order(null, slot(MONDAY.plusDays(1), 9, "Adams"), slot(MONDAY, 10, "Adams"), slot(MONDAY, 9, "Young"),
                slot(MONDAY, 9, "baker")))
                .containsExactly("7@9:baker", "7@9:Young", "7@10:Adams", "8@9:Adams");
    }

    @Test
    void aShorterNameThatStartsALongerOneSortsFirst() {
        assertThat(order("date", slot(MONDAY, 9, "Amy Young"), slot(MONDAY, 9, "Amy"), slot(MONDAY, 9, "amy-b")))
                .containsExactly("7@9:Amy", "7@9:Amy Young", "7@9:amy-b");
        assertThat(OpenSlotOrdering.nameKey("Amy")).hasSize(OpenSlotOrdering.NAME_KEY_LENGTH).startsWith("amy ");
        assertThat(OpenSlotOrdering.nameKey("x".repeat(50))).hasSize(OpenSlotOrdering.NAME_KEY_LENGTH);
    }

    @Test
    void theDescendingOrderingsWalkTheSameOrderBackwards() {
        Availability[] slots = {slot(MONDAY, 9, "Young"), slot(MONDAY.plusDays(1), 9, "Adams"), slot(MONDAY, 9, "Adams"),
                slot(MONDAY, 10, "Adams")};
        assertThat(order("-date,-start_time,-doctor_name", slots)).containsExactly("8@9:Adams", "7@10:Adams", "7@9:Young", "7@9:Adams");
        assertThat(order("-date", slots)).isEqualTo(order("-date,-start_time,-doctor_name", slots));
        assertThat(order(" date , start_time ", slots)).isEqualTo(order(null, slots));
        assertThat(OpenSlotOrdering.parse("-date").descending()).isTrue();
    }

    @Test
    void anOrderingNoIndexServesIsA400NamingTheOrderingsThatExist() {
        for (String unserved : List.of("doctor_name", "-doctor_name,date", "start_time", "-start_time,doctor_name", "date,-start_time")) {
            assertThatThrownBy(() -> OpenSlotOrdering.parse(unserved)).as(unserved)
                    .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields().get("ordering"))
                            .contains("cannot be served").contains("date,start_time,doctor_name").contains("-date"));
        }
    }

    @Test
    void anUnknownFieldIsA400NamingTheChoices() {
        assertThatThrownBy(() -> OpenSlotOrdering.parse("date,price"))
                .isInstanceOfSatisfying(Problem.Invalid.class, p -> assertThat(p.fields().get("ordering"))
                        .contains("price").contains("doctor_name"));
        assertThatThrownBy(() -> OpenSlotOrdering.parse("date,,")).isInstanceOf(Problem.Invalid.class);
        assertThatThrownBy(() -> OpenSlotOrdering.parse("-")).isInstanceOf(Problem.Invalid.class);
    }
}
