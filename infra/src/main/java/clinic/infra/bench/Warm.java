package clinic.infra.bench;

import clinic.appointments.BookAppointment;
import clinic.appointments.CancelAppointment;
import clinic.appointments.RescheduleAppointment;
import clinic.appointments.SearchAppointments;
import clinic.availability.ListOpenSlots;
import clinic.domain.Role;
import clinic.domain.UserRef;
import clinic.http.Json;
import clinic.infra.Emulator;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Warm overhead and round trips. In one JVM, each operation runs through its handler while an
 * interceptor records its DynamoDB requests and the time the SDK spent on them, in that same run.
 * The handler's time above its own SDK calls' time is everything this code adds: parsing,
 * validation, mapping, JSON. (It was measured by sending the recorded requests again, raw, to a
 * second table; on the emulator a call's time depends on what came just before it, by a few ms, so
 * the two sides never saw the same emulator: the search, a single 4 ms Query, read 1.14 to 1.37 in
 * runs of the same code.)
 */
final class Warm {
    /**
     * Untimed rounds first: the JIT compiles a method after about 200 calls (C1), so with the 30 of
     * before, each operation's own code (the search's above all) was still interpreted when timed,
     * and "warm" measured the interpreter. A Lambda container serving traffic is past that.
     */
    static final int WARMUP_ROUNDS = 250;

    private static final List<String> OPERATIONS = List.of("book", "reschedule", "cancel", "open slots of one day", "search");

    private final Emulator emulator;
    private final int warmup;
    private final int iterations;

    Warm(Emulator emulator, int warmup, int iterations) {
        this.emulator = emulator;
        this.warmup = warmup;
        this.iterations = iterations;
    }

    List<Figure> run() {
        Recorder recorder = new Recorder();
        Fixture a = new Fixture(emulator, "bench-warm-a", List.of(recorder));
        LocalDate day = LocalDate.now().plusDays(5);
        List<String> ids = IntStream.range(0, 24).mapToObj(i -> UUID.randomUUID().toString()).toList();
        for (Fixture f : List.of(a)) {
            UserRef grey = f.user(Fixture.id("warm-doctor"), Role.DOCTOR, "Meredith Grey");
            f.user("warm-patient", Role.PATIENT, "Pat Jones");
            f.declare(grey, day, IntStream.rangeClosed(1, 24).boxed().toList(), ids);
        }
        var book = Calls.handler(BookAppointment.class, a.app);
        var reschedule = Calls.handler(RescheduleAppointment.class, a.app);
        var cancel = Calls.handler(CancelAppointment.class, a.app);
        var list = Calls.handler(ListOpenSlots.class, a.app);
        var search = Calls.handler(SearchAppointments.class, a.app);

        Map<String, List<Double>> handlerTimes = new LinkedHashMap<>();
        Map<String, List<Double>> rawTimes = new LinkedHashMap<>();
        Map<String, List<String>> roundTrips = new LinkedHashMap<>();
        OPERATIONS.forEach(op -> {
            handlerTimes.put(op, new ArrayList<>());
            rawTimes.put(op, new ArrayList<>());
        });
        for (int i = 0; i < warmup + iterations; i++) {
            boolean measured = i >= warmup;
            String dayText = day.toString();
            String booked = (String) body(measure(a, recorder, book, Calls.booking("warm-patient", Fixture.id("warm-doctor"), dayText, 1),
                    "book", measured, handlerTimes, rawTimes, roundTrips, 201)).get("id");
            Map<String, String> id = Map.of("id", booked);
            measure(a, recorder, reschedule, Calls.event("PUT /api/appointments/{id}", "/api/appointments/" + booked + "/", id, null,
                    "{\"doctor\":\"" + Fixture.id("warm-doctor") + "\",\"date\":\"" + dayText + "\",\"time_slot\":2}", "warm-patient", Role.PATIENT),
                    "reschedule", measured, handlerTimes, rawTimes, roundTrips, 200);
            measure(a, recorder, search, Calls.event("GET /api/appointments/search", "/api/appointments/search/", null,
                    Map.of("doctor", "grey"), null, "warm-patient", Role.PATIENT),
                    "search", measured, handlerTimes, rawTimes, roundTrips, 200);
            measure(a, recorder, cancel, Calls.event("DELETE /api/appointments/{id}", "/api/appointments/" + booked + "/", id, null,
                    null, "warm-patient", Role.PATIENT), "cancel", measured, handlerTimes, rawTimes, roundTrips, 204);
            measure(a, recorder, list, Calls.event("GET /api/availabilities", "/api/availabilities/", null,
                    Map.of("date", dayText), null, "warm-patient", Role.PATIENT),
                    "open slots of one day", measured, handlerTimes, rawTimes, roundTrips, 200);
        }
        a.close();

        List<Figure> figures = new ArrayList<>();
        for (String op : OPERATIONS) {
            figures.add(Figure.against("warm overhead", op + ": handler p50 vs its SDK calls p50",
                    Stats.median(handlerTimes.get(op)), Stats.median(rawTimes.get(op)), "ms", iterations, 1.15));
        }
        for (String op : OPERATIONS) {
            List<String> calls = roundTrips.get(op);
            long writes = calls.stream().filter(c -> c.equals("TransactWriteItems") || c.startsWith("Put") || c.startsWith("Update")
                    || c.startsWith("Delete") || c.startsWith("BatchWrite")).count();
            long reads = calls.stream().filter(c -> c.startsWith("Get") || c.equals("BatchGetItem")).count();
            long queries = calls.stream().filter(c -> c.equals("Query")).count();
            long scans = calls.stream().filter(c -> c.equals("Scan")).count();
            String name = op + ": " + String.join(", ", calls);
            switch (op) {
                case "book", "reschedule", "cancel" -> {
                    figures.add(Figure.exactly("round trips", name + " (write calls)", writes, "calls", iterations, 1));
                    // A slot that a reschedule or cancel opens is offered to its first waiter in the same
                    // write, so those read the waitlist's first page too (docs/data-model.md, offers).
                    figures.add(Figure.atMost("round trips", op + " (read calls)", reads + queries, "calls", iterations,
                            op.equals("book") ? 1 : 2));
                }
                // A patient's list: the doctors' own booking policies (one Query of their partition), then the day's slots.
                case "open slots of one day" -> figures.add(Figure.exactly("round trips", name + " (queries)", queries, "calls", iterations, 2));
                default -> figures.add(Figure.atMost("round trips", name + " (queries, one term)", queries, "calls", iterations, 2));
            }
            figures.add(Figure.exactly("round trips", op + ": Scan calls", scans, "calls", iterations, 0));
        }
        return figures;
    }

    /** Runs one operation through its handler, timing it and, inside it, the SDK's time on its calls. */
    private static APIGatewayV2HTTPResponse measure(Fixture a, Recorder recorder,
                                                   RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                                   APIGatewayV2HTTPEvent event, String op, boolean measured,
                                                   Map<String, List<Double>> handlerTimes, Map<String, List<Double>> rawTimes,
                                                   Map<String, List<String>> roundTrips, int expected) {
        recorder.start();
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long handlerNanos = System.nanoTime() - start;
        long sdkNanos = recorder.sdkNanos();
        List<Recorder.Call> calls = recorder.stop();
        if (response.getStatusCode() != expected) {
            throw new IllegalStateException(op + " answered " + response.getStatusCode() + ": " + response.getBody());
        }
        if (measured) {
            handlerTimes.get(op).add(Stats.millis(handlerNanos));
            rawTimes.get(op).add(Stats.millis(sdkNanos));
            roundTrips.put(op, calls.stream().map(Recorder.Call::operation).toList());
        }
        return response;
    }

    private static Map<?, ?> body(APIGatewayV2HTTPResponse response) {
        return (Map<?, ?>) Json.parse(response.getBody());
    }
}
