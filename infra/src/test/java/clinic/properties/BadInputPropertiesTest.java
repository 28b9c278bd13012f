package clinic.properties;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.LocalApi;
import clinic.infra.LocalResources;
import clinic.support.Api;
import clinic.support.TestStack;
import clinic.support.Users;
import clinic.support.Users.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Random bad input against every endpoint: bodies of every shape and type, query strings and path
 * segments. Whatever arrives, the answer is never a 5xx, an error is always the contract's JSON,
 * and the table is exactly as it was.
 */
class BadInputPropertiesTest {
    private static LocalResources stack;
    private static LocalApi server;
    private static Api api;
    private static Map<String, User> callers;
    private static Set<Map<String, AttributeValue>> before;

    /** Each write route, and the role that may call it, so validation is what answers. */
    private static final Map<String, String> WRITE_ROUTES = new LinkedHashMap<>();

    static {
        WRITE_ROUTES.put("POST /api/api/token_obtain/", "anonymous");
        WRITE_ROUTES.put("POST /api/api/token_refresh/", "anonymous");
        WRITE_ROUTES.put("POST /api/api/token_verify/", "anonymous");
        WRITE_ROUTES.put("POST /api/register_patient/", "anonymous");
        WRITE_ROUTES.put("POST /api/register_doctor/", "admin");
        WRITE_ROUTES.put("POST /api/timeslots/", "admin");
        WRITE_ROUTES.put("PUT /api/timeslots/1/", "admin");
        WRITE_ROUTES.put("POST /api/availabilities/", "doctor");
        WRITE_ROUTES.put("PUT /api/availabilities/AVAILABILITY/", "doctor");
        WRITE_ROUTES.put("POST /api/appointments/", "patient");
        WRITE_ROUTES.put("PUT /api/appointments/APPOINTMENT/", "patient");
        WRITE_ROUTES.put("POST /api/appointments/APPOINTMENT/status", "doctor");
        WRITE_ROUTES.put("POST /api/waitlist/", "patient");
        WRITE_ROUTES.put("PUT /api/me/notifications", "doctor");
        WRITE_ROUTES.put("PUT /api/doctors/DOCTOR/policy", "admin");
    }

    private static String availabilityId;
    private static String appointmentId;
    private static String doctorId;
    /** For each write route, a body it would accept: with anything after it, it must be refused all the same. */
    private static final Map<String, String> GOOD_BODIES = new LinkedHashMap<>();

    @BeforeContainer
    static void start() {
        stack = TestStack.fresh(BadInputPropertiesTest.class);
        server = TestStack.serve(stack);
        api = new Api(server.url());
        stack.app().timeSlots().populate();
        Users users = new Users(stack.app());
        User doctor = users.doctor("Dana Doctor");
        User patient = users.patient("Pat Patient");
        callers = Map.of("admin", users.admin(), "doctor", doctor, "patient", patient);
        doctorId = doctor.id();
        String day = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        availabilityId = (String) api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", 3)).object().get("id");
        api.post("/api/availabilities/", doctor.token(), Map.of("date", day, "time_slot", 4));
        appointmentId = (String) api.post("/api/appointments/", patient.token(),
                Map.of("doctor", doctor.id(), "date", day, "time_slot", 4)).object().get("id");
        String later = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
        GOOD_BODIES.put("POST /api/api/token_obtain/", "{\"username\":\"" + patient.username() + "\",\"password\":\"" + Users.PASSWORD + "\"}");
        GOOD_BODIES.put("POST /api/api/token_refresh/", "{\"refresh\":\"" + patient.tokens().refresh() + "\"}");
        GOOD_BODIES.put("POST /api/api/token_verify/", "{\"token\":\"" + patient.token() + "\"}");
        String account = "{\"user\":{\"username\":\"trailing\",\"email\":\"trailing@example.com\",\"password\":\"Str0ng-pass\"}}";
        GOOD_BODIES.put("POST /api/register_patient/", account);
        GOOD_BODIES.put("POST /api/register_doctor/", account);
        GOOD_BODIES.put("POST /api/timeslots/", "{\"start_time\":\"20:30:00\",\"end_time\":\"21:00:00\"}");
        GOOD_BODIES.put("PUT /api/timeslots/1/", "{\"start_time\":\"09:00:00\",\"end_time\":\"09:30:00\"}");
        GOOD_BODIES.put("POST /api/availabilities/", "{\"date\":\"" + later + "\",\"time_slot\":5}");
        GOOD_BODIES.put("PUT /api/availabilities/AVAILABILITY/", "{\"date\":\"" + later + "\",\"time_slot\":6,\"is_available\":false}");
        GOOD_BODIES.put("POST /api/appointments/", "{\"doctor\":\"" + doctor.id() + "\",\"date\":\"" + day + "\",\"time_slot\":3}");
        GOOD_BODIES.put("PUT /api/appointments/APPOINTMENT/", "{\"doctor\":\"" + doctor.id() + "\",\"date\":\"" + day + "\",\"time_slot\":3}");
        GOOD_BODIES.put("POST /api/appointments/APPOINTMENT/status", "{\"status\":\"arrived\"}");
        GOOD_BODIES.put("POST /api/waitlist/", "{\"doctor\":\"" + doctor.id() + "\",\"date\":\"" + later + "\",\"from_time\":\"10:00:00\"}");
        GOOD_BODIES.put("PUT /api/me/notifications", "{\"own_changes\":false}");
        GOOD_BODIES.put("PUT /api/doctors/DOCTOR/policy", "{\"min_notice_minutes\":null,\"horizon_days\":null,\"cancel_cutoff_hours\":null}");
        before = snapshot();
    }

    @AfterContainer
    static void stop() {
        server.close();
        stack.delete();
        stack.close();
    }

    private static Set<Map<String, AttributeValue>> snapshot() {
        return stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName()).consistentRead(true)).items()
                .stream().collect(Collectors.toCollection(HashSet::new));
    }

    private static String token(String role) {
        User user = callers.get(role);
        return user == null ? null : user.token();
    }

    private static void assertRefusedCleanly(Api.Reply reply, boolean readOnly) {
        assertThat(reply.status()).as(reply.toString()).isLessThan(500);
        if (!readOnly) {
            assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
        }
        if (reply.status() >= 400) {
            assertThat(reply.json()).as(reply.toString()).isInstanceOf(Map.class);
            assertThat(reply.object()).as(reply.toString()).containsKeys("error", "code");
        }
        assertThat(snapshot()).as("the table changed after " + reply).isEqualTo(before);
    }

    @Property(tries = 250)
    void randomBodiesAreRefusedWithAJsonErrorAndChangeNothing(@ForAll("writeRoutes") String route, @ForAll("bodies") String body) {
        String[] parts = route.split(" ");
        String path = parts[1].replace("AVAILABILITY", availabilityId).replace("APPOINTMENT", appointmentId).replace("DOCTOR", doctorId);
        Api.Reply reply = api.send(parts[0], path, token(WRITE_ROUTES.get(route)), body, Map.of());
        assertRefusedCleanly(reply, false);
    }

    @Property(tries = 60)
    void anythingAfterTheFirstJsonValueIsMalformedEvenAfterAGoodBody(@ForAll("writeRoutes") String route, @ForAll("trailers") String trailer) {
        String[] parts = route.split(" ");
        String path = parts[1].replace("AVAILABILITY", availabilityId).replace("APPOINTMENT", appointmentId).replace("DOCTOR", doctorId);
        Api.Reply reply = api.send(parts[0], path, token(WRITE_ROUTES.get(route)), GOOD_BODIES.get(route) + trailer, Map.of());
        assertRefusedCleanly(reply, false);
        assertThat(reply.code()).as(reply.toString()).isEqualTo("MALFORMED_JSON");
    }

    @Property(tries = 80)
    void signUpsWithConfusableInvisibleOrControlCharactersAreRefusedNamingTheField(
            @ForAll("signUpRoutes") String route, @ForAll("badAccounts") Map<String, Object> account) {
        String[] parts = route.split(" ");
        Api.Reply reply = api.send(parts[0], parts[1], token(WRITE_ROUTES.get(route)), account.get("body"), Map.of());
        assertRefusedCleanly(reply, false);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.fields()).as(reply.toString()).containsKey((String) account.get("field"));
    }

    @Property(tries = 150)
    void randomQueryStringsNeverBreakTheLists(@ForAll("listRoutes") String path, @ForAll("queries") String query,
                                              @ForAll("roles") String role) {
        assertRefusedCleanly(api.get(path + "?" + query, token(role)), true);
    }

    @Property(tries = 150)
    void randomPathSegmentsAreNotFoundOrRefused(@ForAll("idRoutes") String route, @ForAll("segments") String segment,
                                                @ForAll("roles") String role) {
        String[] parts = route.split(" ");
        String path = parts[1].replace("{id}", URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        String body = parts[0].equals("PUT") ? "{\"date\":\"2031-01-01\",\"time_slot\":1,\"start_time\":\"09:00\",\"end_time\":\"09:30\"}" : null;
        Api.Reply reply = api.send(parts[0], path, token(role), body, Map.of());
        assertRefusedCleanly(reply, parts[0].equals("GET"));
    }

    @Provide
    Arbitrary<String> writeRoutes() {
        return Arbitraries.of(List.copyOf(WRITE_ROUTES.keySet()));
    }

    @Provide
    Arbitrary<String> trailers() {
        Arbitrary<String> json = Arbitraries.of(" {\"doctor\":\"x\"} ]]]", "{}", " []", "}", "]", "x", " null", "1", ",", ":", "\"s\"",
                " {\"user\":{\"username\":\"admin\"}}", "/* */", "\u0000", "{");
        Arbitrary<String> garbage = Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(t -> !t.isBlank());
        return Arbitraries.oneOf(json, garbage);
    }

    @Provide
    Arbitrary<String> signUpRoutes() {
        return Arbitraries.of("POST /api/register_patient/", "POST /api/register_doctor/");
    }

    /** Characters nobody can tell apart from nothing, or from a Latin letter, or that control a terminal. */
    private static final List<Character> INVISIBLE = List.of('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u202d',
            '\u2066', '\u061c', '\ufe0f', '\u034f', '\u3164', '\u115f', '\u180e');
    private static final List<Character> CYRILLIC_AND_GREEK_LOOKALIKES = List.of('\u0430', '\u0435', '\u043e', '\u0440', '\u0441',
            '\u0443', '\u0445', '\u0456', '\u0455', '\u03bf', '\u03b1', '\u03bd', '\u0391', '\u0392');

    private static Arbitrary<Character> controls() {
        return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001f'), Arbitraries.chars().range('\u007f', '\u009f'),
                Arbitraries.of('\u2028', '\u2029'));
    }

    /** A sign-up that is fine but for one field, and that field's name. */
    @Provide
    Arbitrary<Map<String, Object>> badAccounts() {
        Arbitrary<String> latin = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(10);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 100);
        Arbitrary<String> badUsername = Combinators.combine(latin, at, Arbitraries.oneOf(Arbitraries.of(INVISIBLE), controls(),
                Arbitraries.of(CYRILLIC_AND_GREEK_LOOKALIKES))).as((base, i, c) -> insert(base, i, c));
        Arbitrary<String> badEmail = Combinators.combine(latin, at, Arbitraries.oneOf(controls(), Arbitraries.of('<', '>', '@', ' ', '"', '(', ',')))
                .as((base, i, c) -> insert(base, i, c) + "@example.com");
        Arbitrary<String> badName = Combinators.combine(latin, at, Arbitraries.oneOf(controls(),
                Arbitraries.of('\u202e', '\u200b', '\ufeff', '\u2066'))).as((base, i, c) -> "Pat " + insert(base, i, c));
        return Arbitraries.oneOf(
                badUsername.map(u -> account(u, "fine@example.com", null, "user.username")),
                badEmail.map(e -> account("fine", e, null, "user.email")),
                badName.map(n -> account("fine", "fine@example.com", n, "name")));
    }

    private static String insert(String base, int at, char c) {
        int i = at % (base.length() + 1);
        return base.substring(0, i) + c + base.substring(i);
    }

    private static Map<String, Object> account(String username, String email, String name, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", Map.of("username", username, "email", email, "password", "Str0ng-pass"));
        if (name != null) {
            body.put("name", name);
        }
        return Map.of("body", clinic.http.Json.write(body), "field", field);
    }

    @Provide
    Arbitrary<String> listRoutes() {
        return Arbitraries.of("/api/timeslots/", "/api/availabilities/", "/api/appointments/", "/api/appointments/search/",
                "/api/waitlist/", "/api/calendar.ics", "/api/me/notifications");
    }

    @Provide
    Arbitrary<String> idRoutes() {
        return Arbitraries.of("GET /api/timeslots/{id}/", "PUT /api/timeslots/{id}/", "DELETE /api/timeslots/{id}/",
                "GET /api/availabilities/{id}/", "PUT /api/availabilities/{id}/", "DELETE /api/availabilities/{id}/",
                "GET /api/appointments/{id}/", "PUT /api/appointments/{id}/", "DELETE /api/appointments/{id}/",
                "POST /api/appointments/{id}/status",
                "DELETE /api/waitlist/{id}/", "POST /api/waitlist/{id}/accept", "POST /api/waitlist/{id}/decline",
                "GET /api/calendar/{id}", "GET /api/doctors/{id}/policy", "PUT /api/doctors/{id}/policy");
    }

    @Provide
    Arbitrary<String> roles() {
        return Arbitraries.of("anonymous", "admin", "doctor", "patient");
    }

    /** Values no field accepts: wrong types, impossible dates and times, off-grid times, weak text. */
    private static Arbitrary<Object> badValue() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.longs().greaterOrEqual(10_000_000_000L).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(12).map(Object.class::cast),
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(8).map(Object.class::cast),
                Arbitraries.of("2030-02-30", "2030-13-01", "1999-01-01", "30-01-01", "25:00:00", "09:15:00", "08:00:00",
                        "21:30:00", "", " ", "-1", "0", "1.5", "null", "{}", "[]").map(Object.class::cast),
                Arbitraries.of(List.of(), List.of(1, 2), Map.of(), Map.of("x", 1)).map(Object.class::cast));
    }

    private static final List<String> FIELDS = List.of("date", "time_slot", "is_available", "doctor", "patient", "start_time",
            "end_time", "username", "password", "email", "token", "refresh", "user", "name", "id", "status");

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> objects = Arbitraries.maps(Arbitraries.of(FIELDS), badValue()).ofMaxSize(8)
                .map(map -> clinic.http.Json.write(map));
        Arbitrary<String> nestedUser = badValue().list().ofMaxSize(3).map(values -> {
            Map<String, Object> user = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                user.put(List.of("username", "email", "password").get(i), values.get(i));
            }
            return clinic.http.Json.write(Map.of("user", user));
        });
        Arbitrary<String> arrays = badValue().list().ofMaxSize(4).map(clinic.http.Json::write);
        Arbitrary<String> broken = Arbitraries.of("{", "[", "nul", "{\"date\":}", "{'date':'2030-01-01'}", "\"\\u12\"", "{}}",
                "[{\"date\":\"2030-01-01\",\"time_slot\":1},", "tru", "--", "\u0000");
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        return Arbitraries.oneOf(objects, nestedUser, arrays, broken, text);
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> name = Arbitraries.of("date", "from", "to", "limit", "cursor", "ordering", "doctor", "patient", "status", "x");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("2030-02-30", "2020-01-01", "-date", "date,,", "-", "booked", "%", "%zz", "AAAA", "9999-12-31"));
        return Combinators.combine(name, value).as((n, v) -> n + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))
                .list().ofMaxSize(4).map(pairs -> String.join("&", pairs));
    }

    @Provide
    Arbitrary<String> segments() {
        // Never a plain number: "5" would name a real time slot, and deleting it is a valid request.
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(30).filter(s -> !s.strip().matches("\\d+") && !s.equals(".") && !s.equals(".."));
    }
}
