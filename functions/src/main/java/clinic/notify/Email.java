package clinic.notify;

import clinic.domain.Appointment;
import clinic.domain.BookingEvent;
import clinic.domain.CancelReason;
import clinic.domain.Role;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.domain.WaitlistEvent;
import clinic.views.Ics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * The email one person gets about a booking event: a subject, a plain-text body, a minimal HTML
 * part and the appointment's .ics (none for a waitlist offer: no appointment exists yet), with
 * times in the clinic's zone. Built from the event alone
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
        // Why it was cancelled or moved (issue 20); escaped below for the HTML part like the rest of the body.
        if (event.type() != BookingEvent.Type.BOOKED && a.trail().cancelReason() != null) {
            body = body + "\n\nReason: " + reason(a.trail().cancelReason()) + ".";
        }
        String text = "Hello " + recipient.name() + ",\n\n" + body + "\n\nThe calendar file attached updates your calendar.\n";
        String html = "<!DOCTYPE html><html><body><p>Hello " + escape(recipient.name()) + ",</p><p>"
                + escape(body).replace("\n\n", "</p><p>")
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

    /**
     * To the waiting patient ({@code name} at {@code address}, from their profile) about an offer:
     * made (the slot, until when it is held, the two routes that accept or decline it) or ended.
     */
    public static Email aboutOffer(WaitlistEvent.Received event, String name, String address, ZoneId zone) {
        String when = when(event.date(), event.slot(), zone);
        String deadline = DAY.format(event.deadline().atZone(zone)) + ", " + TIME.format(event.deadline().atZone(zone))
                + " (" + zone.getId() + ")";
        String with = event.doctor().name();
        String subject;
        String body;
        if (event.type() == WaitlistEvent.Type.OFFERED) {
            subject = "A slot is held for you: " + when;
            body = "A slot with " + with + " has opened on " + when + ", and it is held for you until " + deadline + ".\n\n"
                    + "To take it: POST /api/waitlist/" + event.entryId() + "/accept (it becomes your appointment).\n"
                    + "To let it pass to the next waiter: POST /api/waitlist/" + event.entryId() + "/decline.\n\n"
                    + "If you do neither, the offer lapses at that time. Either way, until you book you stay on the waitlist.";
        } else {
            subject = "Offer ended: " + when;
            String why = switch (event.reason() == null ? "" : event.reason()) {
                case "declined" -> "You declined the slot with " + with + " on " + when + "; it is no longer held for you.";
                case "left" -> "You left the waitlist, so the slot with " + with + " on " + when + " is no longer held for you.";
                default -> "The slot with " + with + " on " + when + " was held for you until " + deadline
                        + "; it was not taken in time, so it is no longer held for you.";
            };
            body = why + ("left".equals(event.reason()) ? "" : " You stay on the waitlist for " + DAY.format(event.date()) + ".");
        }
        String text = "Hello " + name + ",\n\n" + body + "\n";
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body><p>Hello " + escape(name) + ",</p>");
        for (String paragraph : body.split("\n\n")) {
            html.append("<p>").append(escape(paragraph).replace("\n", "<br>")).append("</p>");
        }
        return new Email(address, subject, text, html.append("</body></html>").toString(), null);
    }

    /** "patient request: the text": a reason's code in words, and its text if any. */
    static String reason(CancelReason reason) {
        return reason.code().wire().replace('_', ' ') + reason.text().map(t -> ": " + t).orElse("");
    }

    /** "Tuesday 15 January 2030, 09:00–09:30 (Europe/London)": the clinic's wall clock, named. */
    static String when(Appointment a, ZoneId zone) {
        return when(a.date(), a.slot(), zone);
    }

    static String when(LocalDate date, TimeSlot slot, ZoneId zone) {
        ZonedDateTime start = date.atTime(slot.start()).atZone(zone);
        ZonedDateTime end = date.atTime(slot.end()).atZone(zone);
        return DAY.format(start) + ", " + TIME.format(start) + "\u2013" + TIME.format(end) + " (" + zone.getId() + ")";
    }

    /** The whole message as MIME (RFC 5322 headers, RFC 2045/2046 parts): text and HTML as alternatives, the .ics attached if any. */
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
                + (ics == null ? "" : part(mixed, "text/calendar; charset=UTF-8; method=PUBLISH", "attachment; filename=\"appointment.ics\"", ics))
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
