package clinic.views;

import clinic.domain.Appointment;
import clinic.domain.Role;
import clinic.domain.UserRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A person's appointments as an RFC 5545 calendar. Times are UTC instants of the clinic's wall
 * clock (so no VTIMEZONE is needed and DST is the converter's job); {@code UID} is the
 * appointment's id, {@code SEQUENCE} its version minus one (so every reschedule and the
 * cancellation bump it); people appear by name and an opaque {@code urn:uuid:} address, never an
 * email.
 */
public final class Ics {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Ics() {}

    /** The calendar of {@code viewer} (a patient or a doctor), generated at {@code now}. */
    public static String calendar(List<Appointment> appointments, Role viewer, ZoneId zone, Instant now) {
        StringBuilder out = new StringBuilder(512 + 512 * appointments.size());
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//Clinic appointments//Calendar feed//EN");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:PUBLISH");
        line(out, "X-WR-CALNAME:" + text("Clinic appointments"));
        for (Appointment a : appointments) {
            Instant start = a.date().atTime(a.slot().start()).atZone(zone).toInstant();
            Instant end = a.date().atTime(a.slot().end()).atZone(zone).toInstant();
            UserRef other = viewer == Role.DOCTOR ? a.patient() : a.doctor();
            line(out, "BEGIN:VEVENT");
            line(out, "UID:" + a.id() + "@clinic-appointments");
            line(out, "DTSTAMP:" + UTC.format(now.truncatedTo(ChronoUnit.SECONDS)));
            line(out, "DTSTART:" + UTC.format(start));
            line(out, "DTEND:" + UTC.format(end));
            line(out, "SEQUENCE:" + Math.max(0, a.version() - 1));
            line(out, "STATUS:" + (a.isCancelled() ? "CANCELLED" : "CONFIRMED"));
            line(out, "SUMMARY:" + text((viewer == Role.DOCTOR ? "Appointment: " : "Appointment with ") + other.name()));
            if (a.trail().cancelReason() != null) {
                line(out, "DESCRIPTION:" + text(reasonLine(a)));
            }
            line(out, "ORGANIZER;CN=" + param(a.doctor().name()) + ":urn:uuid:" + a.doctor().id());
            line(out, "ATTENDEE;CN=" + param(a.patient().name()) + ";ROLE=REQ-PARTICIPANT:urn:uuid:" + a.patient().id());
            line(out, "TRANSP:OPAQUE");
            line(out, "END:VEVENT");
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** Why it was cancelled or last moved (issue 20), as one line of text: "Cancelled (clinic): the text". */
    public static String reasonLine(Appointment a) {
        var reason = a.trail().cancelReason();
        return (a.isBooked() ? "Moved" : "Cancelled") + " (" + reason.code().wire().replace('_', ' ') + ")"
                + reason.text().map(t -> ": " + t).orElse("");
    }

    /** One appointment as a calendar of its own: the .ics attached to a notification email. */
    public static String single(Appointment appointment, Role viewer, ZoneId zone, Instant now) {
        return calendar(List.of(appointment), viewer, zone, now);
    }

    /** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
    static String text(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /** A parameter value: quoted, and without the characters a quoted value may not hold. */
    static String param(String value) {
        return "\"" + value.replaceAll("[\"\\p{Cntrl}]", "") + "\"";
    }

    /** Appends a content line, folded to 75 octets (never inside a UTF-8 sequence), ended by CRLF. */
    static void line(StringBuilder out, String content) {
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 0;
                limit = 74; // the leading space of a continuation line counts
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
