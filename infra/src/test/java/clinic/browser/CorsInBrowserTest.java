package clinic.browser;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.LocalApi;
import clinic.support.BrowserScripts;
import clinic.support.EndToEndTest;
import clinic.support.Users;
import clinic.support.Users.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CORS as a browser enforces it (tools/browser/cors.mjs in Chromium): a page served from another
 * local port calls the local API with a bearer token; an allowed origin reads the answer and its
 * {@code Link}, and a preflighted POST goes through; another origin is blocked by the browser; and
 * the web client, served from that other origin and pointed at the API with {@code ?api=}, signs in.
 */
class CorsInBrowserTest extends EndToEndTest {
    @Test
    void aPageOfAnAllowedOriginCallsTheApiAndReadsLinkAndAnotherOriginIsBlocked() throws Exception {
        BrowserScripts.requireBrowser();
        int pagePort = BrowserScripts.freePort();
        User patient = users.patient("Page Origin");
        String token = patient.token();
        // An API that allows exactly the page's 127.0.0.1 origin: the same page from localhost is another origin.
        try (LocalApi strict = LocalApi.start(stack.app(), "127.0.0.1", 0, line -> { }, List.of("http://127.0.0.1:" + pagePort))) {
            var run = BrowserScripts.node("cors.mjs", Map.of("ALLOWED_API_URL", server.url(), "STRICT_API_URL", strict.url(),
                    "PAGE_PORT", Integer.toString(pagePort), "TOKEN", token, "USERNAME", patient.username(), "PASSWORD", Users.PASSWORD));

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("ok an allowed origin reads the answer and its Link header",
                    "ok another origin is blocked by the browser", "ok the same origin against the strict API works",
                    "ok the web client served from another origin signs in and lists slots through ?api=");
        }
    }
}
