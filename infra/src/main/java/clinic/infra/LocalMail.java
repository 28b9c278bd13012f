package clinic.infra;

import clinic.http.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emails the emulator's SES accepted (moto keeps every sent message; its {@code /moto-api/data.json}
 * lists them), read back as a mail client would: headers, and each part decoded. {@code ./dev mail}
 * prints them for the running {@code ./dev up}; tests read them to check what was sent.
 */
public final class LocalMail {
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]+)\\?=");

    private LocalMail() {}

    /** One sent email: its envelope recipients, its headers and its raw MIME text. */
    public record Sent(String from, List<String> to, String subject, String date, String raw) {
        /** The decoded body of the first part whose Content-Type starts with {@code type} ("text/plain", "text/calendar"). */
        public Optional<String> part(String type) {
            for (String chunk : raw.split("\r\n--")) {
                int blank = chunk.indexOf("\r\n\r\n");
                if (blank < 0) {
                    continue;
                }
                String headers = chunk.substring(0, blank);
                if (headers.contains("Content-Type: " + type) && headers.contains("Content-Transfer-Encoding: base64")) {
                    String body = chunk.substring(blank + 4).replace("\r\n", "");
                    return Optional.of(new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }
    }

    /** Every email the emulator at {@code endpoint} has sent, oldest first. */
    public static List<Sent> sent(URI endpoint) {
        String data;
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            data = response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Map<?, ?> services = (Map<?, ?>) Json.parse(data);
        Map<?, ?> ses = (Map<?, ?>) services.get("ses");
        List<Sent> sent = new ArrayList<>();
        if (ses == null || !(ses.get("RawMessage") instanceof List<?> messages)) {
            return sent;
        }
        for (Object m : messages) {
            Map<?, ?> message = (Map<?, ?>) m;
            String raw = (String) message.get("raw_data");
            Map<String, String> headers = headers(raw);
            List<String> to = new ArrayList<>();
            // moto adds the To header's addresses to the destinations it was given: the same ones again.
            for (Object address : (List<?>) message.get("destinations")) {
                if (!to.contains((String) address)) {
                    to.add((String) address);
                }
            }
            sent.add(new Sent((String) message.get("source"), to, decode(headers.getOrDefault("subject", "")),
                    headers.getOrDefault("date", ""), raw));
        }
        return sent;
    }

    private static Map<String, String> headers(String raw) {
        Map<String, String> headers = new LinkedHashMap<>();
        int end = raw.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? raw : raw.substring(0, end)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static String decode(String header) {
        Matcher m = ENCODED_WORD.matcher(header);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code ./dev mail}: one line per email the running {@code ./dev up} sent: time, recipient, subject. */
    static void list(PrintStream out) throws IOException {
        Properties state = LocalEventsTail.runningStack();
        List<Sent> sent = sent(URI.create(state.getProperty("endpoint")));
        out.println(sent.size() + " email(s) sent by the local SES (oldest first):");
        for (Sent email : sent) {
            out.println(email.date() + "  to " + String.join(", ", email.to()) + "  " + email.subject());
        }
    }
}
