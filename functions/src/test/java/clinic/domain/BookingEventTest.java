package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BookingEventTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final UserRef DOCTOR = new UserRef("d1", "grey", "Meredith Grey");
    private static final UserRef PATIENT = new UserRef("p1", "pat", "Pat Jones");
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    private static Appointment at(LocalDate date, int slot, LocalTime start, long version) {
        return new Appointment("a1", PATIENT, DOCTOR, date, new TimeSlot(slot, new TimeRange(start, start.plusMinutes(30))),
                Appointment.Status.BOOKED, NOW, version);
    }

    @Test
    void startAndEndAreInstantsOfTheClinicsWallClockOnEitherSideOfADaylightSavingChange() {
        var winter = BookingEvent.booked(at(LocalDate.of(2030, 3, 29), 1, LocalTime.of(9, 0), 1), "p1", NOW).detail(LONDON);
        var summer = BookingEvent.booked(at(LocalDate.of(2030, 4, 1), 1, LocalTime.of(9, 0), 1), "p1", NOW).detail(LONDON);
        assertThat(winter).containsEntry("start", "2030-03-29T09:00:00Z").containsEntry("end", "2030-03-29T09:30:00Z");
        assertThat(summer).containsEntry("start", "2030-04-01T08:00:00Z").containsEntry("end", "2030-04-01T08:30:00Z");
    }

    @Test
    void theIdIsTheAppointmentAndTheVersionTheChangeMade() {
        Appointment booked = at(LocalDate.of(2030, 4, 1), 1, LocalTime.of(9, 0), 1);
        Appointment moved = at(LocalDate.of(2030, 4, 2), 3, LocalTime.of(10, 0), 2);
        // The event carries the appointment as its change stored it: the stored version after it.
        Appointment cancelled = at(LocalDate.of(2030, 4, 2), 3, LocalTime.of(10, 0), 3).withStatus(Appointment.Status.CANCELLED);
        assertThat(BookingEvent.booked(booked, "p1", NOW).id()).isEqualTo("a1-v1");
        assertThat(BookingEvent.rescheduled(booked, moved, "p1", NOW).id()).isEqualTo("a1-v2");
        assertThat(BookingEvent.cancelled(cancelled, "d1", NOW).id()).isEqualTo("a1-v3");
    }

    @Test
    void theDetailIsAFhirAppointmentWithWhatHappened() {
        Appointment booked = at(LocalDate.of(2030, 4, 1), 1, LocalTime.of(9, 0), 1);
        Appointment moved = at(LocalDate.of(2030, 4, 2), 3, LocalTime.of(10, 0), 2);
        Map<String, Object> detail = BookingEvent.rescheduled(booked, moved, "p1", NOW).detail(ZoneId.of("UTC"));
        assertThat(detail).containsEntry("resourceType", "Appointment").containsEntry("id", "a1").containsEntry("status", "booked")
                .containsEntry("type", "appointment.rescheduled").containsEntry("occurredAt", "2030-03-01T12:00:00Z")
                .containsEntry("minutesDuration", 30L).containsEntry("changedBy", "p1")
                .containsEntry("meta", Map.of("versionId", "2", "lastUpdated", "2030-03-01T12:00:00Z"))
                .containsEntry("previous", Map.of("start", "2030-04-01T09:00:00Z", "end", "2030-04-01T09:30:00Z",
                        "practitioner", Map.of("reference", "Practitioner/d1", "display", "Meredith Grey")));
        assertThat(detail.get("participant")).isEqualTo(List.of(
                Map.of("actor", Map.of("reference", "Practitioner/d1", "display", "Meredith Grey"), "required", "required", "status", "accepted"),
                Map.of("actor", Map.of("reference", "Patient/p1", "display", "Pat Jones"), "required", "required", "status", "accepted")));
        assertThat(BookingEvent.cancelled(at(LocalDate.of(2030, 4, 1), 1, LocalTime.of(9, 0), 2).withStatus(Appointment.Status.CANCELLED), "d1", NOW)
                .detail(LONDON)).containsEntry("status", "cancelled").doesNotContainKey("previous");
    }

    @Test
    void aSubscriberReadsBackTheEventFromItsDetailWithTheClinicsWallClock() {
        Appointment before = at(LocalDate.of(2030, 3, 29), 1, LocalTime.of(9, 0), 1);
        Appointment after = at(LocalDate.of(2030, 4, 1), 3, LocalTime.of(10, 0), 2);
        BookingEvent sent = BookingEvent.rescheduled(before, after, "p1", NOW);

        BookingEvent read = BookingEvent.fromDetail(sent.detail(LONDON), LONDON);

        assertThat(read.type()).isEqualTo(BookingEvent.Type.RESCHEDULED);
        assertThat(read.id()).isEqualTo("a1-v2");
        assertThat(read.actorId()).isEqualTo("p1");
        assertThat(read.occurredAt()).isEqualTo(NOW);
        assertThat(read.appointment().date()).isEqualTo(LocalDate.of(2030, 4, 1));
        assertThat(read.appointment().slot().start()).as("10:00 in London, 09:00 UTC on the wire").isEqualTo(LocalTime.of(10, 0));
        assertThat(read.appointment().doctor().name()).isEqualTo("Meredith Grey");
        assertThat(read.appointment().patient().id()).isEqualTo("p1");
        assertThat(read.previous()).hasValueSatisfying(was -> {
            assertThat(was.date()).isEqualTo(LocalDate.of(2030, 3, 29));
            assertThat(was.slot().start()).isEqualTo(LocalTime.of(9, 0));
        });
        // What the detail does not carry is left empty, and the detail it writes again is the same.
        assertThat(read.appointment().slot().id()).isZero();
        assertThat(read.detail(LONDON)).isEqualTo(sent.detail(LONDON));
    }

    /** Issue 20: who booked, moved and cancelled it and why travel in the detail (FHIR cancelationReason) and back. */
    @Test
    void theTrailAndTheReasonRoundTripThroughTheDetail() {
        Appointment a = new Appointment("a1", new UserRef("p1", "pat", "Pat"), new UserRef("d1", "grey", "Grey"),
                LocalDate.of(2030, 7, 1), new TimeSlot(1, new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 30))),
                Appointment.Status.CANCELLED, Instant.parse("2030-06-01T00:00:00Z"), 3,
                new Appointment.Trail(new Actor("s1", Role.STAFF), new Actor("d1", Role.DOCTOR), new Actor("p1", Role.PATIENT),
                        new CancelReason(CancelReason.Code.DOCTOR_UNAVAILABLE, java.util.Optional.of("ill"))));
        BookingEvent sent = BookingEvent.cancelled(a, "d1", Instant.parse("2030-06-02T00:00:00Z"));
        var detail = sent.detail(java.time.ZoneId.of("UTC"));
        assertThat(detail.get("cancelationReason")).isEqualTo(java.util.Map.of("coding", java.util.List.of(
                java.util.Map.of("system", BookingEvent.REASON_SYSTEM, "code", "doctor_unavailable")), "text", "ill"));
        assertThat(detail.get("bookedBy")).isEqualTo(java.util.Map.of("id", "s1", "role", "staff"));
        assertThat(detail.get("cancelledBy")).isEqualTo(java.util.Map.of("id", "d1", "role", "doctor"));
        assertThat(BookingEvent.fromDetail(detail, java.time.ZoneId.of("UTC")).appointment().trail()).isEqualTo(a.trail());
        // Without a trail (an appointment from before issue 20), none of the fields.
        var plain = BookingEvent.booked(a.withTrail(Appointment.Trail.NONE), "p1", Instant.parse("2030-06-02T00:00:00Z"))
                .detail(java.time.ZoneId.of("UTC"));
        assertThat(plain).doesNotContainKeys("cancelationReason", "bookedBy", "cancelledBy", "rescheduledBy");
    }
}
