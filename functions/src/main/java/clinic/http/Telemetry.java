package clinic.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The service's one log and metrics output: one JSON object per line on stdout. With the template's
 * {@code LogFormat: JSON}, Lambda keeps such a line as the log event itself (its fields searchable in
 * Logs Insights), filters it by its {@code level} against {@code ApplicationLogLevel}, and CloudWatch
 * turns the {@code _aws} block of a line into metrics (Embedded Metric Format), so no metrics client
 * or extra call is needed. The runtime's {@code LambdaLogger} would instead wrap each line as a string
 * inside its own {@code message}, where neither the fields nor the metrics are seen (docs/decisions.md).
 *
 * <p>Only what is passed here is written: route, status, code, duration, role; a fault's class and
 * stack; for a value the store refused, the exception's class and DynamoDB's message; for a
 * warning, ids. Never a body, a header, a token, an email or a name.
 */
public final class Telemetry {
    /** The CloudWatch namespace of the service's metrics. */
    public static final String NAMESPACE = "Clinic";
    private static final int FRAMES = 40;

    private static volatile Consumer<String> sink = System.out::println;

    private Telemetry() {}

    /** Where lines go; stdout unless a local tool or test collects them. */
    public static void sink(Consumer<String> lines) {
        sink = lines;
    }

    /**
     * What one request did, as the request's one log line. {@code refusedBy} is what a store
     * refused that validation should have stopped (a {@link clinic.domain.Problem}'s cause): the
     * answer is still the 4xx, and the line is a WARN naming it, a validation gap to close.
     */
    record RequestLine(String function, String requestId, String apiRequestId, String route, int status, String code,
                       double durationMs, String role, boolean priming, String metric, Throwable fault, Throwable refusedBy) {}

    static void request(RequestLine r) {
        Map<String, Object> line = line(r.fault() != null ? "ERROR" : r.status() >= 500 || r.refusedBy() != null ? "WARN" : "INFO",
                r.priming() ? "priming request" : "request");
        line.put("function", r.function());
        line.put("requestId", r.requestId());
        line.put("apiRequestId", r.apiRequestId());
        line.put("route", r.route());
        line.put("status", r.status());
        if (r.code() != null) {
            line.put("code", r.code());
        }
        line.put("durationMs", Math.round(r.durationMs() * 100) / 100.0);
        line.put("role", r.role());
        if (r.priming()) {
            line.put("priming", true);
        } else {
            metrics(line, r);
        }
        if (r.fault() != null) {
            line.put("error", r.fault().getClass().getName());
            line.put("stack", stackTrace(r.fault()));
        } else if (r.refusedBy() != null) {
            line.put("error", r.refusedBy().getClass().getName());
            line.put("detail", r.refusedBy().getMessage());
        }
        sink.accept(Json.write(line));
    }

    /** A fault outside any request (a SnapStart hook, an undo that failed), at ERROR with its stack trace. */
    public static void fault(String function, String what, Throwable fault) {
        Map<String, Object> line = line("ERROR", what);
        line.put("function", function);
        line.put("error", fault.getClass().getName());
        line.put("stack", stackTrace(fault));
        sink.accept(Json.write(line));
    }

    /**
     * Something to look into that is not a request's outcome (an event the stream will retry, an
     * email not sent), at WARN: ids and exception classes only, never a body, an address or a name.
     */
    public static void warning(String source, String what, Map<String, Object> details) {
        Map<String, Object> line = line("WARN", what);
        line.put("source", source);
        line.putAll(details);
        sink.accept(Json.write(line));
    }

    /** A line's first fields, in every line's order: when, how severe, what. */
    private static Map<String, Object> line(String level, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("message", message);
        return line;
    }

    /**
     * Embedded Metric Format: per function, the operation's own count ({@code Bookings},
     * {@code Cancellations}, {@code Reschedules}) on success, {@code ServerErrors} on any 5xx, and
     * {@code Conflicts} per 409 code. A line with nothing to count carries no {@code _aws} block.
     */
    private static void metrics(Map<String, Object> line, RequestLine r) {
        List<Object> directives = new ArrayList<>();
        String counted = r.status() >= 500 ? "ServerErrors" : r.status() < 300 ? r.metric() : null;
        if (counted != null) {
            line.put(counted, 1);
            directives.add(directive(List.of("function"), counted));
        }
        if (r.status() == 409 && r.code() != null) {
            line.put("Conflicts", 1);
            directives.add(directive(List.of("function", "code"), "Conflicts"));
        }
        if (!directives.isEmpty()) {
            line.put("_aws", Map.of("Timestamp", System.currentTimeMillis(), "CloudWatchMetrics", directives));
        }
    }

    private static Map<String, Object> directive(List<String> dimensions, String metric) {
        return Map.of("Namespace", NAMESPACE, "Dimensions", List.of(dimensions),
                "Metrics", List.of(Map.of("Name", metric, "Unit", "Count")));
    }

    /**
     * The trace with causes, as one string: one JSON field, so the whole fault stays one log event.
     * At most {@value #FRAMES} frames each: the runtime's own frames below the handler say nothing.
     */
    static String stackTrace(Throwable fault) {
        StringBuilder out = new StringBuilder(2048);
        Throwable current = fault;
        for (int depth = 0; current != null && depth < 8; depth++, current = current.getCause()) {
            out.append(depth == 0 ? "" : "\nCaused by: ").append(current);
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                out.append("\n\tat ").append(frames[i]);
            }
            if (frames.length > FRAMES) {
                out.append("\n\t... ").append(frames.length - FRAMES).append(" more");
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return out.toString();
    }
}
