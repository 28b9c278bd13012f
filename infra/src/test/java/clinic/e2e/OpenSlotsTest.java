package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenSlotsTest extends EndToEndTest {
    private User adams;
    private User young;
    private User patient;

    @BeforeAll
    void signIn() {
        adams = users.doctor("Zed Adams");
        young = users.doctor("Amy Young");
        patient = users.patient("Pat Jones");
    }

    private static List<String> keys(List<Map<String, Object>> slots) {
        return slots.stream().map(s -> s.get("date") + " " + s.get("start_time") + " " + s.get("doctor_name")).toList();
    }

    @Test
    void openSlotsOfAllDoctorsAreSortedByDateTimeAndDoctorName() {
        String day = freshDay();
        String next = freshDay();
        declare(adams, next, 1);
        declare(adams, day, 2);
        declare(young, day, 2);
        declare(young, day, 1);
        var listed = openSlots("from=" + day + "&to=" + next, patient);
        assertThat(keys(listed)).containsExactly(
                day + " 09:00:00 Amy Young", day + " 09:30:00 Amy Young", day + " 09:30:00 Zed Adams", next + " 09:00:00 Zed Adams");
        assertThat(listed.get(0)).containsOnlyKeys("id", "doctor", "doctor_name", "date", "time_slot", "start_time", "end_time",
                "start", "end", "is_available");
    }

    @Test
    void orderingsAreTheIndexOrderEitherWayAndOthersAre400NamingThem() {
        String day = freshDay();
        declare(adams, day, 5);
        declare(young, day, 6);
        declare(young, day, 5);
        assertThat(keys(openSlots("date=" + day + "&ordering=-date", patient)))
                .containsExactly(day + " 11:30:00 Amy Young", day + " 11:00:00 Zed Adams", day + " 11:00:00 Amy Young");
        assertThat(keys(openSlots("date=" + day + "&ordering=date,start_time", patient)))
                .containsExactly(day + " 11:00:00 Amy Young", day + " 11:00:00 Zed Adams", day + " 11:30:00 Amy Young");
        for (String unserved : List.of("doctor_name", "-doctor_name,date", "-start_time", "date,-start_time")) {
            var bad = api.get("/api/availabilities/?date=" + day + "&ordering=" + unserved, patient.token());
            assertThat(bad.status()).as(unserved).isEqualTo(400);
            assertThat(String.valueOf(bad.fields().get("ordering"))).as(unserved)
                    .contains("cannot be served").contains("date,start_time,doctor_name").contains("-date,-start_time,-doctor_name");
        }
        var bad = api.get("/api/availabilities/?date=" + day + "&ordering=price", patient.token());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.object().get("fields")).isInstanceOf(Map.class);
    }

    @Test
    void aDoctorsDayListsOpenClosedAndBookedSlotsByTimeWithTheirPatients() {
        String day = freshDay();
        declare(young, day, 20);
        var closed = declare(young, day, 18);
        declare(young, day, 19);
        declare(adams, day, 18);
        api.put("/api/availabilities/" + closed.get("id") + "/", young.token(), Map.of("date", day, "time_slot", 18, "is_available", false));
        var appointment = booked(patient, young, day, 19);
        String schedule = "/api/availabilities/?date=" + day + "&doctor=" + young.id() + "&status=open,closed,booked";

        var listed = api.get(schedule, young.token());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.array()).extracting(s -> s.get("time_slot") + " " + s.get("status"))
                .containsExactly("18 closed", "19 booked", "20 open");
        assertThat(listed.array().get(1)).containsEntry("appointment", appointment.get("id"))
                .containsEntry("patient", patient.id()).containsEntry("patient_name", "Pat Jones");
        assertThat(listed.array().get(0)).doesNotContainKey("appointment");
        assertThat(api.get(schedule.replace("open,closed,booked", "closed"), young.token()).array())
                .extracting(s -> s.get("id")).containsExactly(closed.get("id"));
        assertThat(api.get(schedule, users.admin().token()).status()).isEqualTo(200);

        assertThat(api.get(schedule, patient.token()).status()).isEqualTo(403);
        assertThat(api.get(schedule, adams.token()).status()).isEqualTo(403);
        assertThat(api.get(schedule.replace("open,closed,booked", "open"), patient.token()).array())
                .extracting(s -> s.get("time_slot") + " " + s.get("status")).containsExactly("20 open");
        for (String bad : List.of("status=closed", "doctor=" + young.id() + "&status=gone", "doctor=" + young.id() + "&status=open,,booked")) {
            var reply = api.get("/api/availabilities/?date=" + day + "&" + bad, young.token());
            assertThat(reply.status()).as(bad).isEqualTo(400);
        }
        // the slot the doctor closed is found again, and reopened
        assertThat(api.put("/api/availabilities/" + closed.get("id") + "/", young.token(),
                Map.of("date", day, "time_slot", 18, "is_available", true)).status()).isEqualTo(200);
        assertThat(openSlots("date=" + day + "&doctor=" + young.id(), patient)).extracting(s -> s.get("time_slot")).containsExactly(18, 20);
    }

    @Test
    void filtersByDoctorAndSkipsClosedAndBookedSlots() {
        String day = freshDay();
        declare(adams, day, 7);
        declare(adams, day, 8);
        var closed = declare(adams, day, 9);
        declare(young, day, 7);
        api.put("/api/availabilities/" + closed.get("id") + "/", adams.token(), Map.of("date", day, "time_slot", 9, "is_available", false));
        booked(patient, adams, day, 8);

        assertThat(openSlots("date=" + day + "&doctor=" + adams.id(), patient)).extracting(s -> s.get("time_slot")).containsExactly(7);
        assertThat(openSlots("date=" + day, patient)).hasSize(2);
    }

    @Test
    void bookingRemovesASlotAtOnceAndCancellingPutsItBack() {
        String day = freshDay();
        declare(young, day, 10);
        var appointment = booked(patient, young, day, 10);
        assertThat(openSlots("date=" + day, patient)).isEmpty();
        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", patient.token()).status()).isEqualTo(204);
        assertThat(openSlots("date=" + day, patient)).extracting(s -> s.get("time_slot")).containsExactly(10);
    }

    @Test
    void pagesFollowTheLinkHeaderUntilEverySlotWasSeenOnce() {
        String day = freshDay();
        for (int slot = 11; slot <= 17; slot++) {
            declare(adams, day, slot);
        }
        List<Object> seen = new ArrayList<>();
        String next = "/api/availabilities/?date=" + day + "&limit=3";
        int pages = 0;
        while (next != null) {
            var reply = api.get(next, patient.token());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.array().size()).isLessThanOrEqualTo(3);
            reply.array().forEach(s -> seen.add(s.get("time_slot")));
            next = reply.header("Link").map(OpenSlotsTest::nextLink).orElse(null);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(11, 12, 13, 14, 15, 16, 17);
    }

    static String nextLink(String header) {
        Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(header);
        assertThat(m.find()).as(header).isTrue();
        return m.group(1);
    }

    @Test
    void badQueriesAre400() {
        for (String query : List.of("date=tomorrow", "from=2030-01-10&to=2030-01-01", "from=2030-01-01&to=2030-06-01",
                "limit=0", "limit=501", "limit=ten", "cursor=%25%25", "cursor=bm90LWEtbnVtYmVy", "ordering=-")) {
            var reply = api.get("/api/availabilities/?" + query, patient.token());
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.code()).as(query).isEqualTo("VALIDATION_ERROR");
        }
    }

    /** The default window (14 days) from late 9999 runs past the last date YYYY-MM-DD names; it ends there instead. */
    @Test
    void aDefaultWindowRunningPastTheYear9999StillListsTheSlotsBeforeItsEnd() {
        User late = users.doctor("Lastday Late");
        var last = declare(late, "9999-12-31", 1);
        assertThat(openSlots("from=9999-12-20", patient)).extracting(s -> s.get("id")).containsExactly(last.get("id"));
        assertThat(openSlots("from=9999-12-25&doctor=" + late.id() + "&status=open,closed", late))
                .extracting(s -> s.get("id")).containsExactly(last.get("id"));
    }

    @Test
    void pastDatesAreNeverListed() {
        assertThat(openSlots("date=2020-01-01", patient)).isEmpty();
    }
}
