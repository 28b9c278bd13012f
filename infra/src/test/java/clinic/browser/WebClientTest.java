package clinic.browser;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Role;
import clinic.infra.Repo;
import clinic.support.BrowserScripts;
import clinic.support.EndToEndTest;
import clinic.support.Users;
import clinic.support.Users.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * examples/web, the reference web client, served beside the API as ./dev up serves it (/app/) and
 * used in Chromium (tools/browser/web-client.mjs): a patient signs up (a 400 first, shown in words
 * with its field marked), pages through open slots by Link, books and cancels, reschedules, waits
 * for a booked half hour and accepts the offer when its holder cancels; the doctor sees the
 * booking in their day and week, closes a slot, and a 409 is shown in words; a patient keeps the open
 * slots to one specialty; a member of staff finds a patient by name, books for them and cancels
 * with a reason (a bad reason first: a 400 shown in words, nothing cancelled), each appointment
 * saying who booked and cancelled it and why. Screenshots of the three views go to
 * target/web-client (docs/ holds copies).
 */
class WebClientTest extends EndToEndTest {
    @Test
    void aPatientAndADoctorUseTheWebClientAndEveryStepShowsOnThePage() throws Exception {
        BrowserScripts.requireBrowser();
        server.serveFiles("/app", Repo.root().resolve("examples/web"));
        User doctor = users.doctor("Dora Webb");
        User other = users.patient("Olive Other");
        String day = freshDay();
        List<Map<String, Object>> twelve = new ArrayList<>();
        for (int slot = 1; slot <= 12; slot++) {
            twelve.add(Map.of("date", day, "time_slot", slot));
        }
        assertThat(api.post("/api/availabilities/", doctor.token(), twelve).status()).isEqualTo(201);
        booked(other, doctor, day, 7); // 12:00
        // The front desk's day: a dermatologist's 09:00-10:30 and Dora's 09:00-10:00, so a specialty filter has one to leave out.
        User staff = users.make(Role.STAFF, "Frances Desk");
        User found = users.patient("Fiona Foundling");
        for (int namesake = 1; namesake <= 5; namesake++) {
            users.patient("Fiona Namesake" + namesake); // six Fionas: the search takes two pages of five
        }
        User specialist = users.doctor("Sam Specialist");
        String staffDay = freshDay();
        addSpecialty("dermatology");
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("display_name", specialist.name());
        profile.put("specialties", List.of("dermatology"));
        profile.put("languages", List.of());
        profile.put("bio", null);
        var saved = api.put("/api/doctors/" + specialist.id() + "/profile", specialist.token(), profile);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        for (int slot = 1; slot <= 3; slot++) {
            declare(specialist, staffDay, slot);
        }
        declare(doctor, staffDay, 1);
        declare(doctor, staffDay, 2);
        Path shots = Repo.root().resolve("target/web-client");
        Files.createDirectories(shots);

        Map<String, String> env = new HashMap<>(Map.of("APP_URL", server.url() + "/app/", "DAY", day,
                "DOCTOR_ID", doctor.id(), "DOCTOR_NAME", doctor.name(), "DOCTOR_USERNAME", doctor.username(),
                "DOCTOR_PASSWORD", Users.PASSWORD, "OTHER_USERNAME", other.username(), "OTHER_PASSWORD", Users.PASSWORD,
                "SCREENSHOTS", shots.toString()));
        env.putAll(Map.of("STAFF_DAY", staffDay, "SPECIALTY", "dermatology", "SPECIALIST_NAME", specialist.name(),
                "STAFF_USERNAME", staff.username(), "STAFF_PASSWORD", Users.PASSWORD,
                "FOUND_NAME", found.name(), "FOUND_USERNAME", found.username()));
        var run = BrowserScripts.node("web-client.mjs", env);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ok a 400 is shown in words", "ok the patient books and cancels",
                "ok the patient waits for 12:00, another patient cancels it, and the offer is accepted",
                "ok the doctor sees the bookings in their day and week", "ok a patient keeps the open slots to one specialty",
                "ok staff find a patient by name and book for them", "ok staff cancel with a reason, a bad one shown in words first",
                "ok the page threw nothing");
        // What the page did is in the table: the patient holds 12:00, taken from the waiting list; nothing else is booked.
        var schedule = api.get("/api/availabilities/?doctor=" + doctor.id() + "&date=" + day + "&status=booked", doctor.token()).array();
        assertThat(schedule).extracting(a -> a.get("time_slot")).containsExactly(7);
        assertThat(schedule).extracting(a -> a.get("patient_name")).containsOnly("Wendy Web");
        assertThat(shots.resolve("web-client-patient.png")).isRegularFile();
        assertThat(shots.resolve("web-client-doctor.png")).isRegularFile();
        assertThat(shots.resolve("web-client-staff.png")).isRegularFile();
        // The front desk's booking is in the table as the page showed it: booked and cancelled by staff, for the clinic's reason.
        var desk = api.get("/api/appointments/?from=" + staffDay + "&to=" + staffDay + "&status=cancelled", staff.token()).array();
        assertThat(desk).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("patient", found.id()).containsEntry("doctor", specialist.id()).containsEntry("status", "cancelled")
                .containsEntry("booked_by", Map.of("id", staff.id(), "role", "staff"))
                .containsEntry("cancelled_by", Map.of("id", staff.id(), "role", "staff"))
                .containsEntry("cancel_reason", Map.of("code", "clinic", "text", "Doctor called in sick")));
        assertThat(api.get("/api/appointments/?from=" + staffDay + "&to=" + staffDay + "&status=booked", staff.token()).array()).isEmpty();
        assertThat(api.get("/api/availabilities/?doctor=" + specialist.id() + "&date=" + staffDay, staff.token()).array()).hasSize(3);
        assertAuditClean();
    }

    /** Adds a name to the clinic's specialties, keeping what is there. */
    private void addSpecialty(String name) {
        @SuppressWarnings("unchecked")
        List<Object> list = new ArrayList<>((List<Object>) api.get("/api/specialties", users.admin().token()).json());
        if (!list.contains(name)) {
            list.add(name);
        }
        var reply = api.put("/api/specialties", users.admin().token(), list);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    @Test
    void theClientsFilesAreServedBesideTheApiAndNothingOutsideTheirFolder() throws Exception {
        server.serveFiles("/app", Repo.root().resolve("examples/web"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        java.util.function.Function<String, HttpResponse<String>> get = path -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };

        assertThat(get.apply("/app/").statusCode()).isEqualTo(200);
        assertThat(get.apply("/app/").headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(get.apply("/app/app.js").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(get.apply("/app").statusCode()).isEqualTo(308);
        assertThat(get.apply("/app").headers().firstValue("Location")).contains("/app/");
        for (String outside : List.of("/app/../pom.xml", "/app/%2e%2e/pom.xml", "/app/..%2fpom.xml", "/app/nope.js")) {
            assertThat(get.apply(outside).statusCode()).as(outside).isEqualTo(404);
        }
        // A POST is the API's: the files take GET and HEAD only, and no route of the template.
        var post = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/app/index.html")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(post.body()).contains("\"code\":\"NOT_FOUND\"");
    }
}
