package clinic.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 on a socket, read strictly, for the local API: whatever a client sends that is not a
 * well-formed request is {@link Refused} with a status and a reason, so the caller can answer it
 * with the contract's JSON error (the JDK's built-in server answers such requests itself, with an
 * HTML page naming its exception). Ambiguous framing, the stuff of request smuggling, is refused:
 * two Content-Length headers, Content-Length with Transfer-Encoding, a coding other than chunked.
 */
final class Http1 {
    static final int MAX_HEAD = 32 * 1024;

    private Http1() {}

    /** A request as read off the wire: the target is raw (still percent-encoded). */
    record Request(String method, String target, String version, List<Map.Entry<String, String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        boolean keepAlive() {
            String connection = header("Connection").orElse("").toLowerCase(Locale.ROOT);
            return version.equals("HTTP/1.1") ? !connection.contains("close") : connection.contains("keep-alive");
        }

        String rawPath() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        String rawQuery() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }
    }

    /** Not a request this server will serve; answered with {@code status}, then the connection closes. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    /** The next request on the connection, or empty when the client closed it between requests. */
    static Optional<Request> read(InputStream in, OutputStream out, int maxBody) throws IOException, Refused {
        int[] budget = {MAX_HEAD};
        String requestLine = line(in, budget, true);
        if (requestLine == null) {
            return Optional.empty();
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !token(parts[0])) {
            throw new Refused(400, "Malformed request line");
        }
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        if (!version.matches("HTTP/[0-9]\\.[0-9]")) {
            throw new Refused(400, "Malformed HTTP version");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Refused(505, "HTTP version not supported");
        }
        checkTarget(target);

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(in, budget, false); !line.isEmpty(); line = line(in, budget, false)) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new Refused(400, "Folded header lines are not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !token(line.substring(0, colon))) {
                throw new Refused(400, "Malformed header line");
            }
            String value = line.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new Refused(400, "Control character in a header value");
                }
            }
            headers.add(Map.entry(line.substring(0, colon), value));
        }
        Request head = new Request(method, target, version, List.copyOf(headers), new byte[0]);
        long hosts = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("Host")).count();
        if (version.equals("HTTP/1.1") && hosts != 1) {
            throw new Refused(400, "HTTP/1.1 needs exactly one Host header");
        }
        List<String> lengths = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Length")).map(Map.Entry::getValue).toList();
        List<String> codings = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")).map(Map.Entry::getValue).toList();
        if (!lengths.isEmpty() && !codings.isEmpty()) {
            throw new Refused(400, "Content-Length and Transfer-Encoding together");
        }
        if (lengths.size() > 1) {
            throw new Refused(400, "More than one Content-Length");
        }
        byte[] body;
        if (!codings.isEmpty()) {
            if (codings.size() > 1 || !codings.get(0).equalsIgnoreCase("chunked") || version.equals("HTTP/1.0")) {
                throw new Refused(400, "Only Transfer-Encoding: chunked is accepted");
            }
            continueIfExpected(head, out);
            body = chunked(in, maxBody);
        } else if (!lengths.isEmpty()) {
            String text = lengths.get(0);
            if (!text.matches("[0-9]{1,18}")) {
                throw new Refused(400, "Malformed Content-Length");
            }
            long length = Long.parseLong(text);
            if (length > maxBody) {
                throw new Refused(413, "Request Entity Too Large");
            }
            continueIfExpected(head, out);
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new Refused(400, "Body shorter than its Content-Length");
            }
        } else {
            body = new byte[0];
        }
        return Optional.of(new Request(method, target, version, head.headers(), body));
    }

    private static void continueIfExpected(Request head, OutputStream out) throws IOException {
        if (head.version().equals("HTTP/1.1") && head.header("Expect").orElse("").equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** Origin-form only ({@code /path?query}): visible ASCII, and every {@code %} followed by two hex digits. */
    private static void checkTarget(String target) throws Refused {
        if (!target.startsWith("/")) {
            throw new Refused(400, "The request target must be a path");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                throw new Refused(400, "Invalid character in the request target");
            }
            if (c == '%') {
                if (i + 2 >= target.length() || Character.digit(target.charAt(i + 1), 16) < 0
                        || Character.digit(target.charAt(i + 2), 16) < 0) {
                    throw new Refused(400, "Bad percent-encoding in the request target");
                }
            }
        }
    }

    private static byte[] chunked(InputStream in, int maxBody) throws IOException, Refused {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] budget = {MAX_HEAD};
        while (true) {
            String sizeLine = line(in, budget, false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9a-fA-F]{1,7}")) {
                throw new Refused(400, "Malformed chunk size");
            }
            int size = Integer.parseInt(hex, 16);
            if (size == 0) {
                for (String trailer = line(in, budget, false); !trailer.isEmpty(); trailer = line(in, budget, false)) {
                    // trailers carry nothing the local API uses
                }
                return body.toByteArray();
            }
            if (body.size() + (long) size > maxBody) {
                throw new Refused(413, "Request Entity Too Large");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size || !line(in, budget, false).isEmpty()) {
                throw new Refused(400, "Malformed chunk");
            }
            body.writeBytes(chunk);
        }
    }

    /**
     * One line ending in CRLF (a bare LF is taken too, a bare CR is not), as ISO-8859-1; null at a
     * clean end of stream before the first byte when {@code eofOk}.
     */
    private static String line(InputStream in, int[] budget, boolean eofOk) throws IOException, Refused {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && line.isEmpty()) {
                    return null;
                }
                throw new Refused(400, "Connection closed mid-request");
            }
            if (--budget[0] < 0) {
                throw new Refused(431, "Request header fields too large");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                if (line.indexOf("\r") >= 0) {
                    throw new Refused(400, "Bare CR in the request head");
                }
                return line.toString();
            }
            if (b == 0) {
                throw new Refused(400, "NUL in the request head");
            }
            line.append((char) b);
        }
    }

    private static boolean token(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A response with its length; no body for HEAD, 1xx, 204 and 304. */
    static void write(OutputStream out, int status, Map<String, String> headers, byte[] body, boolean head, boolean close)
            throws IOException {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")) {
                text.append(name).append(": ").append(value.replaceAll("[\r\n]", " ")).append("\r\n");
            }
        });
        boolean bodiless = status == 204 || status == 304 || status < 200;
        if (!bodiless) {
            text.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            text.append("Connection: close\r\n");
        }
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!bodiless && !head) {
            out.write(body);
        }
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }
}
