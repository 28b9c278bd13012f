package clinic.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calendar and its secret feeds over HTTP, read back with a real iCalendar parser (ical4j),
 * in a clinic zone with daylight saving.
 */
class CalendarFeedsTest extends EndToEndTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private User grey;
    private User pat;
    private User other;

    @Override
    protected ZoneId zone() {
        return LONDON;
    }

    @BeforeAll
    void signIn() {
        grey = users.doctor("Meredith Grey");
        pat = users.patient("Pat Jones");
        other = users.patient("Olga Other");
    }

    private static Calendar parse(String text) {
        try {
            Calendar calendar = new CalendarBuilder().build(new StringReader(text));
            calendar.validate();
            return calendar;
        } catch (Exception e) {
            throw new AssertionError("not a valid iCalendar: " + e.getMessage() + "\n" + text, e);
        }
    }

    private static List<VEvent> events(Calendar calendar) {
        return calendar.getComponents("VEVENT").stream().map(VEvent.class::cast).toList();
    }

    private static VEvent event(Calendar calendar, Object appointmentId) {
        return events(calendar).stream().filter(e -> e.getUid().orElseThrow().getValue().startsWith(appointmentId + "@"))
                .findFirst().orElseThrow(() -> new AssertionError("no VEVENT for " + appointmentId));
    }

    private static Instant instant(Temporal value) {
        return Instant.from(value);
    }

    private static String value(VEvent event, String property) {
        return event.getProperty(property).orElseThrow().getValue();
    }

    private Calendar calendarOf(User user) {
        var reply = api.get("/api/calendar.ics", user.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/calendar"));
        return parse(reply.body());
    }

    /** The days either side of London's next clock change. */
    private static LocalDate[] aroundTheNextClockChange() {
        Instant change = LONDON.getRules().nextTransition(Instant.now().plusSeconds(86_400 * 3)).getInstant();
        LocalDate day = change.atZone(LONDON).toLocalDate();
        return new LocalDate[] {day.minusDays(2), day.plusDays(1)};
    }

    @Test
    void startsAndEndsAreTheClinicsWallClockOnBothSidesOfADaylightSavingChange() {
        LocalDate[] days = aroundTheNextClockChange();
        for (LocalDate day : days) {
            declare(grey, day.toString(), 3);
        }
        var before = booked(pat, grey, days[0].toString(), 3);
        var after = booked(pat, grey, days[1].toString(), 3);

        Calendar calendar = calendarOf(pat);
        for (var appointment : List.of(before, after)) {
            LocalDate day = LocalDate.parse((String) appointment.get("date"));
            VEvent event = event(calendar, appointment.get("id"));
            // Slot 3 is 10:00-10:30 on the clinic's clock whatever the offset that day.
            assertThat(instant(event.getDateTimeStart().orElseThrow().getDate()))
                    .isEqualTo(day.atTime(10, 0).atZone(LONDON).toInstant());
            assertThat(instant(event.getDateTimeEnd().orElseThrow().getDate()))
                    .isEqualTo(day.atTime(10, 30).atZone(LONDON).toInstant());
        }
        assertThat(day(calendar, before).getOffset()).isNotEqualTo(day(calendar, after).getOffset());
    }

    private static java.time.ZonedDateTime day(Calendar calendar, Map<String, Object> appointment) {
        return instant(event(calendar, appointment.get("id")).getDateTimeStart().orElseThrow().getDate()).atZone(ZoneOffset.UTC)
                .withZoneSameInstant(LONDON);
    }

    @Test
    void reschedulingBumpsTheSequenceAndACancellationStaysAsCancelled() {
        String day = freshDay();
        declare(grey, day, 1);
        declare(grey, day, 2);
        var appointment = booked(pat, grey, day, 1);
        VEvent booked = event(calendarOf(pat), appointment.get("id"));
        assertThat(value(booked, "SEQUENCE")).isEqualTo("0");
        assertThat(value(booked, "STATUS")).isEqualTo("CONFIRMED");

        String path = "/api/appointments/" + appointment.get("id") + "/";
        assertThat(api.put(path, pat.token(), Map.of("doctor", grey.id(), "date", day, "time_slot", 2)).status()).isEqualTo(200);
        VEvent moved = event(calendarOf(pat), appointment.get("id"));
        assertThat(value(moved, "UID")).isEqualTo(value(booked, "UID"));
        assertThat(value(moved, "SEQUENCE")).isEqualTo("1");
        assertThat(instant(moved.getDateTimeStart().orElseThrow().getDate()))
                .isEqualTo(LocalDate.parse(day).atTime(9, 30).atZone(LONDON).toInstant());

        assertThat(api.delete(path, grey.token()).status()).isEqualTo(204);
        VEvent cancelled = event(calendarOf(grey), appointment.get("id"));
        assertThat(value(cancelled, "STATUS")).isEqualTo("CANCELLED");
        assertThat(value(cancelled, "SEQUENCE")).isEqualTo("2");
    }

    @Test
    void eachSideSeesTheOtherByNameAndNeverByEmail() {
        String day = freshDay();
        declare(grey, day, 5);
        var appointment = booked(pat, grey, day, 5);
        var patients = api.get("/api/calendar.ics", pat.token()).body();
        var doctors = api.get("/api/calendar.ics", grey.token()).body();
        assertThat(value(event(parse(patients), appointment.get("id")), "SUMMARY")).isEqualTo("Appointment with Meredith Grey");
        assertThat(value(event(parse(doctors), appointment.get("id")), "SUMMARY")).isEqualTo("Appointment: Pat Jones");
        VEvent event = event(parse(doctors), appointment.get("id"));
        assertThat(value(event, "ORGANIZER")).isEqualTo("urn:uuid:" + grey.id());
        assertThat(value(event, "ATTENDEE")).isEqualTo("urn:uuid:" + pat.id());
        assertThat(patients + doctors).doesNotContain("@example.com").doesNotContain("mailto:");
        assertThat(events(calendarOf(other))).isEmpty();
    }

    /** A calendar app is given the URL as it is: on the local stack, which speaks plain HTTP, it must be http://. */
    @Test
    void theLocalStacksFeedUrlCanBeFetchedAsItIsEvenWhenTheClientClaimsAnotherScheme() throws Exception {
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-Forwarded-Proto", "javascript"))) {
            var request = HttpRequest.newBuilder(URI.create(server.url() + "/api/calendar/feed"))
                    .header("Authorization", "Bearer " + pat.token()).POST(HttpRequest.BodyPublishers.noBody());
            headers.forEach(request::header);
            try (var http = HttpClient.newHttpClient()) {
                var created = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String url = Json.read(created.body()).get("url").asText();
                assertThat(url).as(headers.toString()).startsWith("http://");
                var fetched = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(fetched.statusCode()).isEqualTo(200);
                assertThat(fetched.body()).startsWith("BEGIN:VCALENDAR");
            }
        }
    }

    private String feedPath(User user) {
        var reply = api.post("/api/calendar/feed", user.token(), null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String url = (String) reply.object().get("url");
        assertThat(url).matches("https?://[^/]+/api/calendar/[A-Za-z0-9_-]{43}\\.ics");
        return url.substring(url.indexOf("/api/"));
    }

    @Test
    void aFeedUrlServesItsOwnersCalendarWithoutATokenUntilReplacedOrRevoked() {
        String day = freshDay();
        declare(grey, day, 7);
        var appointment = booked(pat, grey, day, 7);
        String feed = feedPath(pat);

        var anonymous = api.get(feed, null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(value(event(parse(anonymous.body()), appointment.get("id")), "SUMMARY")).isEqualTo("Appointment with Meredith Grey");
        // Presented by someone else, it is still its owner's calendar, and only that.
        var presentedByOther = api.get(feed, other.token());
        assertThat(events(parse(presentedByOther.body()))).extracting(e -> value(e, "UID"))
                .containsExactlyElementsOf(events(parse(anonymous.body())).stream().map(e -> value(e, "UID")).toList());

        String replacement = feedPath(pat);
        assertThat(api.get(feed, null).status()).as("a new feed revokes the old").isEqualTo(404);
        assertThat(api.get(replacement, null).status()).isEqualTo(200);
        assertThat(api.delete("/api/calendar/feed", pat.token()).status()).isEqualTo(204);
        assertThat(api.get(replacement, null).status()).isEqualTo(404);
        assertThat(api.delete("/api/calendar/feed", pat.token()).status()).as("revoking again is harmless").isEqualTo(204);
    }

    @Test
    void unknownAndMalformedFeedsAreNotFound() {
        String otherFeed = feedPath(other);
        String unknown = "/api/calendar/" + "A".repeat(43) + ".ics";
        assertThat(api.get(unknown, null).status()).isEqualTo(404);
        assertThat(api.get("/api/calendar/not-a-token.ics", null).status()).isEqualTo(404);
        assertThat(api.get(otherFeed.replace(".ics", ""), null).status()).isEqualTo(404);
        assertThat(api.get(otherFeed.replace(".ics", ".ICS"), null).status()).isEqualTo(404);
        assertThat(api.get(otherFeed, null).status()).isEqualTo(200);
    }

    @Test
    void theCalendarAndItsFeedsAreForPatientsAndDoctorsOnly() {
        User admin = users.admin();
        assertThat(api.get("/api/calendar.ics", null).status()).isEqualTo(401);
        assertThat(api.post("/api/calendar/feed", null, null).status()).isEqualTo(401);
        assertThat(api.delete("/api/calendar/feed", null).status()).isEqualTo(401);
        assertThat(api.get("/api/calendar.ics", admin.token()).code()).isEqualTo("FORBIDDEN");
        assertThat(api.post("/api/calendar/feed", admin.token(), null).status()).isEqualTo(403);
        assertThat(api.delete("/api/calendar/feed", admin.token()).status()).isEqualTo(403);
    }
}
