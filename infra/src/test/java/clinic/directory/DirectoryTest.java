package clinic.directory;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api.Reply;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The doctors' directory (issue 20), end to end over HTTP: the clinic's specialties, each doctor's
 * profile, the list of doctors and the open list's specialty filter. The tests of one class share a
 * table, so each adds its own specialties to the clinic's list and names its doctors apart.
 */
class DirectoryTest extends EndToEndTest {
    private User admin;
    private User patient;

    @BeforeAll
    void signIn() {
        admin = users.admin();
        patient = users.patient("Pat Directory");
    }

    private List<Object> specialties() {
        Reply reply = api.get("/api/specialties", patient.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) reply.json();
        return list;
    }

    /** Adds names to the clinic's list, keeping what other tests put there. */
    private void addSpecialties(String... names) {
        List<Object> list = new ArrayList<>(specialties());
        for (String name : names) {
            if (!list.contains(name)) {
                list.add(name);
            }
        }
        Reply reply = api.put("/api/specialties", admin.token(), list);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private static Map<String, Object> profile(String name, List<String> specialties, List<String> languages, String bio) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("display_name", name);
        body.put("specialties", specialties);
        body.put("languages", languages);
        body.put("bio", bio);
        return body;
    }

    private static String path(User doctor) {
        return "/api/doctors/" + doctor.id() + "/profile";
    }

    private Map<String, Object> saved(User doctor, Map<String, Object> body) {
        Reply reply = api.put(path(doctor), doctor.token(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object();
    }

    private List<Map<String, Object>> doctors(String query) {
        Reply reply = api.get("/api/doctors?" + query, patient.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void anAdminReplacesTheClinicsSpecialtiesAndEveryoneSignedInReadsThemSorted() {
        addSpecialties("neurology", "anaesthesia", "family-medicine");
        assertThat(specialties()).containsSubsequence("anaesthesia", "family-medicine", "neurology");
        assertThat(specialties()).isSortedAccordingTo((a, b) -> ((String) a).compareTo((String) b));
        User doctor = users.doctor("Sol Specialist");
        assertThat(api.get("/api/specialties", doctor.token()).status()).isEqualTo(200);
        List<Object> without = new ArrayList<>(specialties());
        without.remove("anaesthesia");
        Reply removed = api.put("/api/specialties", admin.token(), without);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(specialties()).doesNotContain("anaesthesia").contains("neurology");
    }

    @Test
    void aBadSpecialtyListIs400NamingEachBadNameAndTheListStaysAsItWas() {
        addSpecialties("oncology");
        List<Object> before = specialties();
        Map<Object, String> bad = new LinkedHashMap<>();
        bad.put(List.of("Cardiology"), "body[0]");
        bad.put(List.of("oncology", "oncology"), "body[1]");
        bad.put(List.of("a".repeat(41)), "body[0]");
        bad.put(List.of("-heart"), "body[0]");
        bad.put(List.of("heart--lung"), "body[0]");
        bad.put(List.of("heart lung"), "body[0]");
        bad.put(List.of("2heart"), "body[0]");
        bad.put(List.of("ok", 7), "body[1]");
        bad.put(Map.of("specialties", List.of("oncology")), "body");
        bad.put("\"oncology\"", "body");
        bad.put(IntStream.rangeClosed(1, 51).mapToObj(i -> "s" + i).toList(), "body");
        for (var attempt : bad.entrySet()) {
            Reply reply = api.put("/api/specialties", admin.token(), attempt.getKey());
            assertThat(reply.status()).as(attempt.getKey() + ": " + reply).isEqualTo(400);
            assertThat(reply.fields()).as(attempt.getKey() + ": " + reply).containsKey(attempt.getValue());
        }
        assertThat(specialties()).isEqualTo(before);
    }

    @Test
    void onlyAdminsReplaceTheList() {
        User doctor = users.doctor("Dora Denied");
        List<Object> before = specialties();
        assertThat(api.put("/api/specialties", doctor.token(), List.of("quackery")).status()).isEqualTo(403);
        assertThat(api.put("/api/specialties", patient.token(), List.of("quackery")).status()).isEqualTo(403);
        assertThat(api.put("/api/specialties", null, List.of("quackery")).status()).isEqualTo(401);
        assertThat(specialties()).isEqualTo(before);
    }

    @Test
    void aSpecialtyADoctorNamesCannotLeaveTheListUntilNoProfileNamesIt() {
        addSpecialties("nephrology", "hepatology");
        User doctor = users.doctor("Carla Heart");
        saved(doctor, profile("Carla Heart", List.of("nephrology"), List.of(), null));
        List<Object> before = specialties();
        List<Object> without = new ArrayList<>(before);
        without.remove("nephrology");
        without.add("andrology");

        Reply refused = api.put("/api/specialties", admin.token(), without);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("IN_USE");
        assertThat(refused.toString()).contains("nephrology");
        assertThat(specialties()).as("nothing changed, not even the name added").isEqualTo(before);

        saved(doctor, profile("Carla Heart", List.of("hepatology"), List.of(), null));
        assertThat(api.put("/api/specialties", admin.token(), without).status()).isEqualTo(200);
        assertThat(specialties()).doesNotContain("nephrology").contains("andrology", "hepatology");
    }

    @Test
    void aDoctorSavesTheirOwnProfileAndAnyoneSignedInReadsItWithLanguagesInCanonicalCase() {
        addSpecialties("cardiology", "paediatrics");
        User doctor = users.doctor("Meredith Grey");
        Map<String, Object> answer = saved(doctor, profile("  Dr Meredith Grey ", List.of("paediatrics", "cardiology"),
                List.of("pt-br", "EN", "zh-hant-TW", "yue", "es-419"), "Twenty years at the clinic. Café, naïve — 心臓."));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", doctor.id());
        expected.put("display_name", "Dr Meredith Grey");
        expected.put("specialties", List.of("cardiology", "paediatrics"));
        expected.put("languages", List.of("en", "es-419", "pt-BR", "yue", "zh-Hant-TW"));
        expected.put("bio", "Twenty years at the clinic. Café, naïve — 心臓.");
        assertThat(answer).isEqualTo(expected);
        for (User reader : List.of(patient, doctor, users.doctor("Other Reader"), admin)) {
            Reply read = api.get(path(doctor), reader.token());
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.object()).isEqualTo(expected);
        }
        assertThat(api.get(path(doctor), null).status()).isEqualTo(401);
    }

    @Test
    void aProfileNeverSavedShowsTheAccountNameAndNothingElse() {
        User doctor = users.doctor("Nina Newcomer");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", doctor.id());
        expected.put("display_name", "Nina Newcomer");
        expected.put("specialties", List.of());
        expected.put("languages", List.of());
        expected.put("bio", null);
        assertThat(api.get(path(doctor), patient.token()).object()).isEqualTo(expected);
        assertThat(doctors("q=nina%20new")).extracting(d -> d.get("id")).containsExactly(doctor.id());
    }

    @Test
    void anAdminSavesAnyDoctorsProfileAndNobodyElseCan() {
        addSpecialties("cardiology");
        User doctor = users.doctor("Owen Owner");
        User other = users.doctor("Otto Other");
        Map<String, Object> before = api.get(path(doctor), patient.token()).object();
        Map<String, Object> body = profile("Owen Changed", List.of("cardiology"), List.of("en"), null);
        assertThat(api.put(path(doctor), other.token(), body).status()).isEqualTo(403);
        assertThat(api.put(path(doctor), patient.token(), body).status()).isEqualTo(403);
        assertThat(api.put(path(doctor), null, body).status()).isEqualTo(401);
        assertThat(api.get(path(doctor), patient.token()).object()).isEqualTo(before);
        Reply byAdmin = api.put(path(doctor), admin.token(), body);
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
        assertThat(api.get(path(doctor), patient.token()).object().get("display_name")).isEqualTo("Owen Changed");
    }

    @Test
    void aProfileOfSomeoneWhoIsNoDoctorIs404() {
        Map<String, Object> body = profile("Nobody", List.of(), List.of(), null);
        for (String id : List.of(patient.id(), "00000000-0000-4000-8000-000000000000", "not-an-id")) {
            assertThat(api.get("/api/doctors/" + id + "/profile", patient.token()).status()).as(id).isEqualTo(404);
            assertThat(api.put("/api/doctors/" + id + "/profile", admin.token(), body).status()).as(id).isEqualTo(404);
        }
    }

    @Test
    void aBadProfileIs400NamingEachBadFieldAndTheProfileStaysAsItWas() {
        addSpecialties("cardiology", "neurology", "oncology", "dermatology", "paediatrics", "urology");
        User doctor = users.doctor("Bea Bad");
        saved(doctor, profile("Bea Bad", List.of("cardiology"), List.of("en"), "Kept."));
        Map<String, Object> before = api.get(path(doctor), patient.token()).object();
        List<String> ten = List.of("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "fi");
        String euro = "€".repeat(342); // 1026 bytes in 342 characters
        Map<Object, String> bad = new LinkedHashMap<>();
        bad.put(profile("", List.of(), List.of(), null), "display_name");
        bad.put(profile("x".repeat(101), List.of(), List.of(), null), "display_name");
        bad.put(profile("Bea\u0000Bad", List.of(), List.of(), null), "display_name");
        bad.put(profile("Bea\u202EBad", List.of(), List.of(), null), "display_name");
        bad.put(profile("Bea", List.of("cardiology", "neurology", "oncology", "dermatology", "paediatrics", "urology"), List.of(), null),
                "specialties");
        bad.put(profile("Bea", List.of("Cardiology"), List.of(), null), "specialties[0]");
        bad.put(profile("Bea", List.of("cardiology", "cardiology"), List.of(), null), "specialties[1]");
        bad.put(profile("Bea", List.of("astrology"), List.of(), null), "specialties");
        bad.put(profile("Bea", List.of(), List.of("xx"), null), "languages[0]");
        bad.put(profile("Bea", List.of(), List.of("english"), null), "languages[0]");
        bad.put(profile("Bea", List.of(), List.of("en-ZZ"), null), "languages[0]");
        bad.put(profile("Bea", List.of(), List.of("en_GB"), null), "languages[0]");
        bad.put(profile("Bea", List.of(), List.of("en", "EN"), null), "languages[1]");
        bad.put(profile("Bea", List.of(), new ArrayList<>(List.of("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "fi", "no")), null),
                "languages");
        bad.put(profile("Bea", List.of(), List.of(), euro), "bio");
        bad.put(profile("Bea", List.of(), List.of(), "Line one.\nLine two."), "bio");
        bad.put("{\"display_name\":\"Bea\",\"specialties\":[],\"languages\":[]}", "bio");
        bad.put("{\"display_name\":\"Bea\",\"languages\":[],\"bio\":null}", "specialties");
        bad.put("{\"display_name\":\"Bea\",\"specialties\":\"cardiology\",\"languages\":[],\"bio\":null}", "specialties");
        bad.put("{\"display_name\":\"Bea\",\"specialties\":[1],\"languages\":[],\"bio\":null}", "specialties[0]");
        bad.put("{\"display_name\":7,\"specialties\":[],\"languages\":[],\"bio\":null}", "display_name");
        bad.put("{\"display_name\":\"Bea\",\"specialties\":[],\"languages\":[],\"bio\":5}", "bio");
        bad.put("[]", "body");
        for (var attempt : bad.entrySet()) {
            Reply reply = api.put(path(doctor), doctor.token(), attempt.getKey());
            assertThat(reply.status()).as(attempt.getKey() + ": " + reply).isEqualTo(400);
            assertThat(reply.fields()).as(attempt.getKey() + ": " + reply).containsKey(attempt.getValue());
        }
        assertThat(api.get(path(doctor), patient.token()).object()).isEqualTo(before);
        assertThat(doctors("q=bea")).extracting(d -> d.get("display_name")).containsExactly("Bea Bad");
        // At the edges: ten languages, a bio of exactly 1024 bytes.
        String edge = "€".repeat(341) + "a";
        assertThat(saved(doctor, profile("Bea Bad", List.of(), ten, edge)).get("bio")).isEqualTo(edge);
    }

    @Test
    void doctorsAreListedByNameCaseInsensitivelyByPrefixAndSpecialtyAPageAtATime() {
        addSpecialties("rheumatology", "geriatrics");
        User amy = users.doctor("amy Zed");
        User amyYoung = users.doctor("Amy Young");
        User ambrose = users.doctor("Ambrose Xu");
        User bob = users.doctor("Bob Amyson");
        saved(amy, profile("amy Zed", List.of("rheumatology"), List.of("en"), null));
        saved(ambrose, profile("Ambrose Xu", List.of("rheumatology", "geriatrics"), List.of(), "Joints."));
        saved(bob, profile("Bob Amyson", List.of("rheumatology"), List.of(), null));

        assertThat(doctors("q=AMY")).extracting(d -> d.get("display_name")).containsExactly("Amy Young", "amy Zed");
        assertThat(doctors("q=am")).extracting(d -> d.get("id")).containsExactly(ambrose.id(), amyYoung.id(), amy.id());
        assertThat(doctors("q=" + encoded("amy z"))).extracting(d -> d.get("id")).containsExactly(amy.id());
        assertThat(doctors("specialty=rheumatology&q=am")).extracting(d -> d.get("id")).containsExactly(ambrose.id(), amy.id());
        assertThat(doctors("specialty=geriatrics")).singleElement().satisfies(d -> {
            assertThat(d.get("display_name")).isEqualTo("Ambrose Xu");
            assertThat(d.get("specialties")).isEqualTo(List.of("geriatrics", "rheumatology"));
            assertThat(d.get("bio")).isEqualTo("Joints.");
        });
        assertThat(doctors("specialty=well-formed-but-unknown")).isEmpty();
        assertThat(doctors("q=zzz-nobody")).isEmpty();

        // A page at a time: limit 1, following Link, gives the same doctors in the same order.
        List<Object> walked = new ArrayList<>();
        String next = "/api/doctors?specialty=rheumatology&limit=1";
        while (next != null) {
            Reply page = api.get(next, patient.token());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.array()).hasSizeLessThanOrEqualTo(1);
            page.array().forEach(d -> walked.add(d.get("id")));
            next = page.header("Link").map(link -> link.substring(link.indexOf('<') + 1, link.indexOf('>'))).orElse(null);
        }
        assertThat(walked).containsExactly(ambrose.id(), amy.id(), bob.id());
    }

    @Test
    void renamingADoctorOrDroppingASpecialtyMovesTheirEntries() {
        addSpecialties("immunology");
        User doctor = users.doctor("Ivy Before");
        saved(doctor, profile("Ivy Before", List.of("immunology"), List.of(), null));
        saved(doctor, profile("Ivy After", List.of(), List.of(), null));
        assertThat(doctors("q=ivy")).extracting(d -> d.get("display_name")).containsExactly("Ivy After");
        assertThat(doctors("specialty=immunology")).isEmpty();
        // Its use is given back: the specialty can now leave the list.
        List<Object> without = new ArrayList<>(specialties());
        without.remove("immunology");
        assertThat(api.put("/api/specialties", admin.token(), without).status()).isEqualTo(200);
    }

    @Test
    void aBadDirectoryQueryIs400() {
        for (String query : List.of("specialty=Cardiology", "specialty=" + "a".repeat(41), "q=" + "a".repeat(101), "q=a%00b",
                "limit=0", "limit=501", "cursor=not-ours")) {
            Reply reply = api.get("/api/doctors?" + query, patient.token());
            assertThat(reply.status()).as(query + ": " + reply).isEqualTo(400);
        }
        assertThat(api.get("/api/doctors", null).status()).isEqualTo(401);
        // A cursor of one query is a 400 in another.
        users.doctor("Cursor One");
        users.doctor("Cursor Two");
        String link = api.get("/api/doctors?q=cursor&limit=1", patient.token()).header("Link").orElseThrow();
        String cursor = link.substring(link.indexOf("cursor=") + 7, link.indexOf('>'));
        assertThat(api.get("/api/doctors?q=cursor%20t&limit=1&cursor=" + cursor, patient.token()).status()).isEqualTo(400);
    }

    @Test
    void theOpenListKeepsOnlyTheSlotsOfASpecialtysDoctors() {
        addSpecialties("cardiology", "dermatology");
        User heart = users.doctor("Hal Heart");
        User skin = users.doctor("Sue Skin");
        User both = users.doctor("Bo Both");
        saved(heart, profile("Hal Heart", List.of("cardiology"), List.of(), null));
        saved(skin, profile("Sue Skin", List.of("dermatology"), List.of(), null));
        saved(both, profile("Bo Both", List.of("dermatology", "cardiology"), List.of(), null));
        String day = freshDay();
        declare(heart, day, 1);
        declare(skin, day, 1);
        declare(skin, day, 2);
        declare(both, day, 3);
        booked(users.patient("Bea Booker"), heart, day, 1);
        declare(heart, day, 4);

        assertThat(openSlots("date=" + day + "&specialty=cardiology", patient)).extracting(a -> a.get("doctor") + "@" + a.get("time_slot"))
                .containsExactly(both.id() + "@3", heart.id() + "@4");
        assertThat(openSlots("date=" + day + "&specialty=dermatology", patient)).extracting(a -> a.get("doctor") + "@" + a.get("time_slot"))
                .containsExactly(skin.id() + "@1", skin.id() + "@2", both.id() + "@3");
        assertThat(openSlots("date=" + day + "&specialty=dermatology&doctor=" + both.id(), patient)).hasSize(1);
        assertThat(openSlots("date=" + day + "&specialty=dermatology&ordering=-date,-start_time", patient))
                .extracting(a -> a.get("time_slot")).containsExactly(3, 2, 1);
        assertThat(openSlots("date=" + day + "&specialty=unheard-of", patient)).isEmpty();
        for (String query : List.of("specialty=Cardiology", "specialty=a%20b", "specialty=" + "a".repeat(41))) {
            Reply reply = api.get("/api/availabilities/?date=" + day + "&" + query, patient.token());
            assertThat(reply.status()).as(query + ": " + reply).isEqualTo(400);
            assertThat(reply.fields()).containsKey("specialty");
        }
        assertAuditClean();
    }
}
