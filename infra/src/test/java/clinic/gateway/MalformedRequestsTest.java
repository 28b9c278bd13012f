package clinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.http.Json;
import clinic.support.EndToEndTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests no HTTP client library would send, written byte for byte on a socket: every one gets
 * the contract's JSON error (never a server's HTML page naming an exception), and ambiguous
 * framing (two lengths, a length and chunking) is refused rather than guessed.
 */
class MalformedRequestsTest extends EndToEndTest {

    @Override
    protected boolean populateTimeSlots() {
        return false;
    }

    private record Raw(int status, String head, String body) {}

    private Raw raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            assertThat(split).as(text).isPositive();
            String head = text.substring(0, split);
            return new Raw(Integer.parseInt(head.split(" ")[1]), head, text.substring(split + 4));
        }
    }

    private void refusedWithJson(String request, int status) throws Exception {
        Raw reply = raw(request);
        assertThat(reply.status()).as(request).isEqualTo(status);
        assertThat(reply.head()).as(request).containsIgnoringCase("Content-Type: application/json");
        assertThat(reply.body()).as(request).doesNotContainIgnoringCase("<html").doesNotContain("Exception");
        Map<?, ?> body = (Map<?, ?>) Json.parse(reply.body());
        assertThat(body.get("error")).as(request).isInstanceOf(String.class);
        assertThat(body.get("code")).as(request).isInstanceOf(String.class);
    }

    @Test
    void badPercentEncodingInThePathOrQueryIs400Json() throws Exception {
        refusedWithJson("GET /api/timeslots/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots/% HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refusedWithJson("GET /api/availabilities?date=%G1 HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void aContentLengthThatIsNotOneNumberIs400Json() throws Exception {
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\n{}", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{}", 400);
    }

    @Test
    void twoContentLengthsOrALengthWithChunkingAreRefusedNotGuessed() throws Exception {
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 7\r\n\r\n{}", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\n", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 400);
        refusedWithJson("POST /api/api/token_obtain HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400);
    }

    @Test
    void brokenRequestLinesAndHeadersAre400Json() throws Exception {
        refusedWithJson("HELLO\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots\r\nHost: x\r\n\r\n", 400);
        refusedWithJson("GET  /api/timeslots HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refusedWithJson("GET http://elsewhere/api/timeslots HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refusedWithJson("GET /api/time slots HTTP/1.1\r\nHost: x\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots HTTP/1.1\r\nHost: x\r\nX-A: 1\r2\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots HTTP/1.1\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400);
        refusedWithJson("GET /api/timeslots HTTP/3.0\r\nHost: x\r\n\r\n", 505);
        refusedWithJson("GET /api/timeslots HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n", 431);
    }

    @Test
    void aWellFormedChunkedBodyReachesTheFunction() throws Exception {
        String json = "{\"token\": \"not-a-token\"}";
        Raw reply = raw("POST /api/api/token_verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(10) + "\r\n" + json.substring(0, 10) + "\r\n"
                + Integer.toHexString(json.length() - 10) + "\r\n" + json.substring(10) + "\r\n0\r\n\r\n");
        // 401 from the function, which read the token out of the body; 400 would mean no body arrived.
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
    }

    @Test
    void oneConnectionServesRequestsInTurn() throws Exception {
        String get = "GET /api/nothing HTTP/1.1\r\nHost: x\r\n\r\n";
        Raw reply = raw(get + get.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("HTTP/1.1 404");
    }
}
