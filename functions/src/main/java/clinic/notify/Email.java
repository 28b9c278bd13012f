package clinic.notify;

import clinic.calendar.Ics;
import clinic.domain.Appointment;
import clinic.domain.BookingEvent;
import clinic.domain.Role;
import clinic.domain.UserRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * The email one person gets about a booking event: a subject, a plain-text body, a minimal HTML
 * part and the appointment's .ics, with times in the clinic's zone. Built from the event alone
 * (no reads), so the same event always makes the same email.
 */
public record Email(String to, String subject, String text, String html, String ics) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    /** The email to {@code recipient} (the patient or the doctor of the event's appointment) at {@code address}. */
    public static Email about(BookingEvent event, UserRef recipient, String address, ZoneId zone) {
        Appointment a = event.appointment();
        Role role = recipient.id().equals(a.doctor().id()) ? Role.DOCTOR : Role.PATIENT;
        UserRef other = role == Role.DOCTOR ? a.patient() : a.doctor();
        String when = when(a, zone);
        String subject;
        String body;
        switch (event.type()) {
            case BOOKED -> {
                subject = "Appointment booked: " + when;
                body = "Your appointment with " + other.name() + " is booked for " + when + ".";
            }
            case RESCHEDULED -> {
                Appointment before = event.previous().orElseThrow();
                subject = "Appointment moved: " + when;
                body = "Your appointment with " + other.name() + " has moved from " + when(before, zone) + " to " + when + ".";
            }
            case CANCELLED -> {
                subject = "Appointment cancelled: " + when;
                body = "Your appointment with " + other.name() + " on " + when + " is cancelled.";
            }
            default -> throw new IllegalArgumentException("no email for " + event.type());
        }
        String text = "Hello " + recipient.name() + ",\n\n" + body + "\n\nThe calendar file attached updates your calendar.\n";
        String html = "<!DOCTYPE html><html><body><p>Hello " + escape(recipient.name()) + ",</p><p>" + escape(body)
                + "</p><p>The calendar file attached updates your calendar.</p></body></html>";
        return new Email(address, subject, text, html, Ics.single(a, role, zone, event.occurredAt()));
    }

    /** The reminder to {@code recipient}, a day before the appointment {@code a} (as it is now: booked). */
    public static Email reminder(Appointment a, UserRef recipient, String address, ZoneId zone, Instant now) {
        Role role = recipient.id().equals(a.doctor().id()) ? Role.DOCTOR : Role.PATIENT;
        UserRef other = role == Role.DOCTOR ? a.patient() : a.doctor();
        String when = when(a, zone);
        String body = "A reminder: your appointment with " + other.name() + " is on " + when + ".";
        String text = "Hello " + recipient.name() + ",\n\n" + body + "\n\nThe calendar file attached is the appointment.\n";
        String html = "<!DOCTYPE html><html><body><p>Hello " + escape(recipient.name()) + ",</p><p>" + escape(body)
                + "</p><p>The calendar file attached is the appointment.</p></body></html>";
        return new Email(address, "Reminder: " + when, text, html, Ics.single(a, role, zone, now));
    }

    /** "Tuesday 15 January 2030, 09:00–09:30 (Europe/London)": the clinic's wall clock, named. */
    static String when(Appointment a, ZoneId zone) {
        ZonedDateTime start = a.date().atTime(a.slot().start()).atZone(zone);
        ZonedDateTime end = a.date().atTime(a.slot().end()).atZone(zone);
        return DAY.format(start) + ", " + TIME.format(start) + "\u2013" + TIME.format(end) + " (" + zone.getId() + ")";
    }

    /** The whole message as MIME (RFC 5322 headers, RFC 2045/2046 parts): text and HTML as alternatives, the .ics attached. */
    public String mime(String from, String boundarySeed, Instant date) {
        String mixed = "mixed-" + boundarySeed;
        String alternative = "alt-" + boundarySeed;
        return "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)) + "\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: =?UTF-8?B?" + base64(subject) + "?=\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n\r\n"
                + "--" + mixed + "\r\n"
                + "Content-Type: multipart/alternative; boundary=\"" + alternative + "\"\r\n\r\n"
                + part(alternative, "text/plain; charset=UTF-8", null, text)
                + part(alternative, "text/html; charset=UTF-8", null, html)
                + "--" + alternative + "--\r\n\r\n"
                + part(mixed, "text/calendar; charset=UTF-8; method=PUBLISH", "attachment; filename=\"appointment.ics\"", ics)
                + "--" + mixed + "--\r\n";
    }

    private static String part(String boundary, String type, String disposition, String content) {
        return "--" + boundary + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + (disposition == null ? "" : "Content-Disposition: " + disposition + "\r\n")
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content.getBytes(StandardCharsets.UTF_8))
                + "\r\n";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
