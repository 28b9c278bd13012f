package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import clinic.http.Json;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The original service's clients call every path with a trailing slash. The local API routes as
 * API Gateway does (no slash stripping), so those requests reach the $default route, which answers
 * 308 to the declared path; clients that follow redirects (Java's HttpClient, curl -L) then get the
 * real answer with the same method, body and headers. Whatever matches no route is the JSON 404.
 */
class TrailingSlashTest extends EndToEndTest {
    private static final HttpClient NOT_FOLLOWING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final HttpClient FOLLOWING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private User patient;
    private User doctor;

    @BeforeAll
    void signIn() {
        patient = users.patient("Sam Slash");
        doctor = users.doctor("Dora Slash");
    }

    private HttpResponse<String> send(HttpClient client, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDeclaredPathWithATrailingSlashIs308ToThePathWithoutItWithTheQueryKept() throws Exception {
        var post = send(NOT_FOLLOWING, "POST", "/api/appointments/", null, "{}");
        assertThat(post.statusCode()).isEqualTo(308);
        assertThat(post.headers().firstValue("Location")).contains("/api/appointments");
        var get = send(NOT_FOLLOWING, "GET", "/api/availabilities/?date=2030-01-15&ordering=time", null, null);
        assertThat(get.statusCode()).isEqualTo(308);
        assertThat(get.headers().firstValue("Location")).contains("/api/availabilities?date=2030-01-15&ordering=time");
        var byId = send(NOT_FOLLOWING, "DELETE", "/api/appointments/some-id/", null, null);
        assertThat(byId.statusCode()).isEqualTo(308);
        assertThat(byId.headers().firstValue("Location")).contains("/api/appointments/some-id");
    }

    @Test
    void javasHttpClientFollowsThe308WithMethodBodyAndTokenAndBooks() throws Exception {
        String date = freshDay();
        declare(doctor, date, 3);
        String body = Json.write(Map.of("doctor", doctor.id(), "date", date, "time_slot", 3));
        var booked = send(FOLLOWING, "POST", "/api/appointments/", patient.token(), body);
        assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
        assertThat(booked.uri().getPath()).isEqualTo("/api/appointments");
        var mine = send(FOLLOWING, "GET", "/api/appointments/?date=" + date, patient.token(), null);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains(String.valueOf(Json.parse(booked.body()) instanceof Map<?, ?> m ? m.get("id") : ""));
    }

    @Test
    void curlDashLFollowsThe308WithTheBodyAndBooksThenCancels() throws Exception {
        assumeTrue(onPath("curl"), "curl is not on the PATH: the curl -L check is skipped");
        String date = freshDay();
        declare(doctor, date, 5);
        String body = Json.write(Map.of("doctor", doctor.id(), "date", date, "time_slot", 5));
        List<String> booked = curl("-X", "POST", server.url() + "/api/appointments/", "-H", "Authorization: Bearer " + patient.token(),
                "-H", "Content-Type: application/json", "-d", body);
        assertThat(booked.get(0)).as(booked.get(1)).isEqualTo("201");
        String id = String.valueOf(((Map<?, ?>) Json.parse(booked.get(1))).get("id"));
        // curl without -X: -d makes it a POST, and curl repeats a POST after a 308 (RFC 9110), body included.
        List<String> again = curl(server.url() + "/api/appointments/", "-H", "Authorization: Bearer " + patient.token(),
                "-H", "Content-Type: application/json", "-d", body);
        assertThat(again.get(0)).as(again.get(1)).isEqualTo("409");
        List<String> cancelled = curl("-X", "DELETE", server.url() + "/api/appointments/" + id + "/", "-H",
                "Authorization: Bearer " + patient.token());
        assertThat(cancelled.get(0)).as(cancelled.get(1)).isIn("200", "204");
    }

    @Test
    void pathsThatAreNoRouteWithOrWithoutASlashAreTheJson404() throws Exception {
        String[][] unknown = {{"GET", "/api/nothing"}, {"GET", "/api/nothing/"}, {"DELETE", "/api/timeslots/"},
                {"PATCH", "/api/appointments/x/"}, {"GET", "/api/timeslots//"}, {"GET", "//api/timeslots/"}, {"GET", "/"}};
        for (String[] request : unknown) {
            var reply = send(NOT_FOLLOWING, request[0], request[1], patient.token(), null);
            assertThat(reply.statusCode()).as(String.join(" ", request)).isEqualTo(404);
            assertThat(reply.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(((Map<?, ?>) Json.parse(reply.body())).get("code")).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void theSlashLessPathsAreServedDirectly() throws Exception {
        var reply = send(NOT_FOLLOWING, "GET", "/api/timeslots", patient.token(), null);
        assertThat(reply.statusCode()).isEqualTo(200);
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** curl -sS -L, returning [status, body]. */
    private static List<String> curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-L", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        int cut = out.lastIndexOf('\n');
        return List.of(out.substring(cut + 1).strip(), out.substring(0, cut));
    }
}
