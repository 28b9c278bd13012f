package clinic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Appointment;
import clinic.domain.BookingEvent;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.domain.WaitlistEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmailTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final UserRef DOCTOR = new UserRef("d1", "grey", "Meredith Grey");
    private static final UserRef PATIENT = new UserRef("p1", "pat", "Pat <Jones>");
    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    private static Appointment at(LocalDate date, LocalTime start, long version) {
        return new Appointment("a1", PATIENT, DOCTOR, date, new TimeSlot(1, new TimeRange(start, start.plusMinutes(30))),
                Appointment.Status.BOOKED, NOW, version);
    }

    @Test
    void aBookingTellsThePatientWhenAndWithWhomInTheClinicsZone() {
        Appointment summer = at(LocalDate.of(2030, 4, 2), LocalTime.of(9, 0), 1);
        Email email = Email.about(BookingEvent.booked(summer, "p1", NOW), PATIENT, "pat@example.com", LONDON);
        assertThat(email.subject()).isEqualTo("Appointment booked: Tuesday 2 April 2030, 09:00\u201309:30 (Europe/London)");
        assertThat(email.text()).contains("Your appointment with Meredith Grey is booked for Tuesday 2 April 2030, 09:00");
        assertThat(email.html()).contains("Hello Pat &lt;Jones&gt;").doesNotContain("<Jones>");
        // The attachment carries the instant: 09:00 in British Summer Time is 08:00 UTC.
        assertThat(email.ics()).contains("DTSTART:20300402T080000Z").contains("SUMMARY:Appointment with Meredith Grey");
    }

    @Test
    void aRescheduleSaysFromWhereToWhereAndTheDoctorSeesThePatient() {
        Appointment before = at(LocalDate.of(2030, 4, 2), LocalTime.of(9, 0), 1);
        Appointment after = at(LocalDate.of(2030, 4, 3), LocalTime.of(10, 0), 2);
        Email email = Email.about(BookingEvent.rescheduled(before, after, "p1", NOW), DOCTOR, "grey@example.com", LONDON);
        assertThat(email.text()).contains("Your appointment with Pat <Jones> has moved from Tuesday 2 April 2030, 09:00"
                + "\u201309:30 (Europe/London) to Wednesday 3 April 2030, 10:00\u201310:30 (Europe/London).");
        assertThat(email.ics()).contains("SEQUENCE:1").contains("SUMMARY:Appointment: Pat <Jones>");
    }

    @Test
    void aCancellationCarriesACancelledCalendarEntry() {
        Appointment cancelled = at(LocalDate.of(2030, 4, 2), LocalTime.of(9, 0), 2).withStatus(Appointment.Status.CANCELLED);
        Email email = Email.about(BookingEvent.cancelled(cancelled, "d1", NOW), PATIENT, "pat@example.com", LONDON);
        assertThat(email.subject()).startsWith("Appointment cancelled: ");
        assertThat(email.ics()).contains("STATUS:CANCELLED").contains("SEQUENCE:1");
    }

    @Test
    void theMimeMessageHasTextHtmlAndTheIcsAsParts() {
        Email email = Email.about(BookingEvent.booked(at(LocalDate.of(2030, 4, 2), LocalTime.of(9, 0), 1), "p1", NOW),
                PATIENT, "pat@example.com", LONDON);
        String mime = email.mime("clinic@example.com", "x1", NOW);
        assertThat(mime).contains("Date: Fri, 1 Mar 2030 12:00:00 GMT\r\n", "To: pat@example.com\r\n", "Content-Type: multipart/mixed; boundary=\"mixed-x1\"",
                "Content-Type: text/plain; charset=UTF-8", "Content-Type: text/html; charset=UTF-8",
                "Content-Disposition: attachment; filename=\"appointment.ics\"", "--mixed-x1--\r\n");
        String subject = mime.lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElseThrow();
        String encoded = subject.substring("Subject: =?UTF-8?B?".length(), subject.length() - 2);
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(email.subject());
    }

    private static WaitlistEvent.Received offer(WaitlistEvent.Type type, Instant deadline, String reason) {
        return new WaitlistEvent.Received("offer-e1-" + deadline.toEpochMilli(), type, "e1", new UserRef("p1", null, "Pat"),
                DOCTOR, LocalDate.of(2030, 4, 2), new TimeSlot(3, new TimeRange(LocalTime.of(10, 0), LocalTime.of(10, 30))),
                deadline, reason, NOW);
    }

    @Test
    void anOfferNamesTheSlotTheDeadlineInTheClinicsZoneAndTheRoutesAndAttachesNoCalendar() {
        // 08:15 UTC is 09:15 in British Summer Time.
        Email email = Email.aboutOffer(offer(WaitlistEvent.Type.OFFERED, Instant.parse("2030-04-01T08:15:00Z"), null),
                "Pat <Jones>", "pat@example.com", LONDON);
        assertThat(email.subject()).isEqualTo("A slot is held for you: Tuesday 2 April 2030, 10:00\u201310:30 (Europe/London)");
        assertThat(email.text()).contains("Hello Pat <Jones>", "with Meredith Grey",
                "held for you until Monday 1 April 2030, 09:15 (Europe/London)",
                "POST /api/waitlist/e1/accept", "POST /api/waitlist/e1/decline");
        assertThat(email.html()).contains("Hello Pat &lt;Jones&gt;").doesNotContain("<Jones>");
        assertThat(email.ics()).isNull();
        assertThat(email.mime("clinic@example.com", "x1", NOW)).doesNotContain("text/calendar").contains("--mixed-x1--\r\n");
    }

    @Test
    void anEndedOfferSaysWhyByItsReason() {
        Instant deadline = Instant.parse("2030-04-01T08:15:00Z");
        assertThat(Email.aboutOffer(offer(WaitlistEvent.Type.EXPIRED, deadline, "deadline"), "Pat", "p@x", LONDON).text())
                .contains("held for you until Monday 1 April 2030, 09:15 (Europe/London)", "not taken in time",
                        "You stay on the waitlist for Tuesday 2 April 2030.");
        assertThat(Email.aboutOffer(offer(WaitlistEvent.Type.EXPIRED, deadline, "declined"), "Pat", "p@x", LONDON).text())
                .contains("You declined the slot", "You stay on the waitlist");
        assertThat(Email.aboutOffer(offer(WaitlistEvent.Type.EXPIRED, deadline, "left"), "Pat", "p@x", LONDON).text())
                .contains("You left the waitlist").doesNotContain("You stay on the waitlist");
        assertThat(Email.aboutOffer(offer(WaitlistEvent.Type.EXPIRED, deadline, "left"), "Pat", "p@x", LONDON).subject())
                .startsWith("Offer ended: ");
    }

    /** Issue 20: a cancel's reason in the text as given, escaped in the HTML, escaped for RFC 5545 in the attachment. */
    @Test
    void aCancellationsReasonIsInEachPartEscapedForIt() {
        Appointment booked = at(LocalDate.of(2030, 4, 2), LocalTime.of(9, 0), 2);
        Appointment cancelled = booked.withStatus(Appointment.Status.CANCELLED).withTrail(booked.trail().cancelled(
                new clinic.domain.Actor("s1", clinic.domain.Role.STAFF),
                java.util.Optional.of(new clinic.domain.CancelReason(clinic.domain.CancelReason.Code.CLINIC,
                        java.util.Optional.of("Flood <b>&</b>; sorry, \\ all")))));
        Email email = Email.about(BookingEvent.cancelled(cancelled, "s1", NOW), PATIENT, "pat@example.com", LONDON);
        assertThat(email.text()).contains("Reason: clinic: Flood <b>&</b>; sorry, \\ all.");
        assertThat(email.html()).contains("Reason: clinic: Flood &lt;b&gt;&amp;&lt;/b&gt;; sorry, \\ all.").doesNotContain("<b>");
        assertThat(email.ics()).contains("DESCRIPTION:Cancelled (clinic): Flood <b>&</b>\\; sorry\\, \\\\ all");
        // A booking says no reason, even if one is on record from an earlier move.
        Email bookedEmail = Email.about(BookingEvent.booked(booked, "p1", NOW), PATIENT, "pat@example.com", LONDON);
        assertThat(bookedEmail.text()).doesNotContain("Reason");
    }
}
