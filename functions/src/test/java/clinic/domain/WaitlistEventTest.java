package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A subscriber reads a waitlist event back from its detail, as it travelled (JSON), in the clinic's zone. */
class WaitlistEventTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final UserRef PATIENT = new UserRef("p1", "pat", "Pat Jones");
    private static final UserRef DOCTOR = new UserRef("d1", "grey", "Meredith Grey");
    private static final WaitlistEntry ENTRY = new WaitlistEntry("e1", PATIENT, DOCTOR, LocalDate.of(2030, 4, 2),
            Optional.empty(), Instant.parse("2030-03-30T10:00:00Z"), Optional.empty());
    private static final TimeSlot SLOT = new TimeSlot(3, new TimeRange(LocalTime.of(10, 0), LocalTime.of(10, 30)));
    private static final Instant DEADLINE = Instant.parse("2030-04-01T08:15:00.123Z");
    private static final Instant AT = Instant.parse("2030-04-01T08:00:00Z");

    @SuppressWarnings("unchecked")
    private static WaitlistEvent.Received travelled(WaitlistEvent event) {
        Map<String, Object> detail = (Map<String, Object>) Json.parse(Json.write(event.detail(LONDON)));
        assertThat(WaitlistEvent.isOne(detail)).isTrue();
        return WaitlistEvent.fromDetail(detail, LONDON);
    }

    @Test
    void anOfferReadsBackWithItsIdSlotInTheClinicsZoneAndDeadline() {
        var read = travelled(WaitlistEvent.offered(ENTRY, SLOT, DEADLINE, AT));
        assertThat(read).isEqualTo(new WaitlistEvent.Received("offer-e1-" + DEADLINE.toEpochMilli(), WaitlistEvent.Type.OFFERED,
                "e1", new UserRef("p1", null, "Pat Jones"), new UserRef("d1", null, "Meredith Grey"), LocalDate.of(2030, 4, 2),
                SLOT, DEADLINE, null, AT));
    }

    @Test
    void anEndedOfferCarriesItsReasonAndAnotherId() {
        var read = travelled(WaitlistEvent.expired(ENTRY, SLOT, DEADLINE, "declined", AT));
        assertThat(read.type()).isEqualTo(WaitlistEvent.Type.EXPIRED);
        assertThat(read.reason()).isEqualTo("declined");
        assertThat(read.id()).isEqualTo("offer-end-e1-" + DEADLINE.toEpochMilli());
    }

    @Test
    void aBookingEventsDetailIsNotOne() {
        assertThat(WaitlistEvent.isOne(Map.of("type", "appointment.booked"))).isFalse();
    }
}
