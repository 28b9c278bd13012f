package clinic.infra.bench;

import clinic.appointments.SearchAppointments;
import clinic.availability.ListOpenSlots;
import clinic.domain.Appointment;
import clinic.domain.BookingEvent;
import clinic.domain.Availability;
import clinic.domain.Role;
import clinic.domain.SlotLifecycle;
import clinic.domain.UserRef;
import clinic.infra.Emulator;
import clinic.store.AppointmentStore;
import clinic.store.Outbox;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Cost as the table grows: items read (ScannedCount) and latency of one day's open slots and of a
 * name search, with the table holding about 1,000 and then 100,000 items. The measured day and
 * name stay the same; the rest of the table fills with other doctors' availabilities on other
 * days and other patients' bookings, including names that share the search term's first letter.
 */
final class Growth {
    private static final int FILLER_DOCTOR_SLOTS = 24 * 20; // a doctor's 24 slots on each of 20 days

    private final Emulator emulator;
    private final int samples;
    private final int large;

    Growth(Emulator emulator, int samples, int large) {
        this.emulator = emulator;
        this.samples = samples;
        this.large = large;
    }

    private record Point(long items, double listScanned, double listMs, double searchScanned, double searchMs) {}

    List<Figure> run() {
        Recorder recorder = new Recorder();
        Fixture f = new Fixture(emulator, "bench-growth", List.of(recorder));
        LocalDate day = LocalDate.now().plusDays(2);
        // The measured things: 12 open slots on one day, and 6 booked appointments with Dr Zephyr.
        UserRef zephyr = f.user("zephyr", Role.DOCTOR, "Zora Zephyr");
        f.declare(zephyr, day, IntStream.rangeClosed(1, 18).boxed().toList());
        AppointmentStore appointments = new AppointmentStore(f.app.table());
        var open = f.availabilities.openOn(day);
        for (int i = 0; i < 6; i++) {
            book(appointments, open.get(i), new UserRef("growth-patient-" + i, "gp" + i, "Growth Patient " + i));
        }
        var list = Calls.handler(ListOpenSlots.class, f.app);
        var search = Calls.handler(SearchAppointments.class, f.app);
        var listEvent = Calls.event("GET /api/availabilities", "/api/availabilities/", null, Map.of("date", day.toString()),
                null, "growth-admin", Role.ADMIN);
        var searchEvent = Calls.event("GET /api/appointments/search", "/api/appointments/search/", null,
                Map.of("doctor", "zeph"), null, "growth-admin", Role.ADMIN);

        // Other patients' bookings, with doctors whose names share the search term's first letter.
        UserRef zed = f.user("zed", Role.DOCTOR, "Zed Zulu");
        f.declare(zed, day.plusDays(1), IntStream.rangeClosed(1, 20).boxed().toList());
        var zedOpen = f.availabilities.openOn(day.plusDays(1)).stream().filter(a -> a.doctor().id().equals(zed.id())).toList();
        for (int i = 0; i < zedOpen.size(); i++) {
            book(appointments, zedOpen.get(i), new UserRef("other-patient-" + i, "op" + i, "Zelda Other " + i));
        }
        int[] fillerDoctors = {0};
        fill(f, day, 1_000, fillerDoctors);
        Point small = measure(f, recorder, list, listEvent, search, searchEvent);
        fill(f, day, large, fillerDoctors);
        Point big = measure(f, recorder, list, listEvent, search, searchEvent);
        f.close();

        String sizes = String.format("%,d -> %,d items", small.items(), big.items());
        return List.of(
                Figure.plain("growth", "table size, small", small.items(), "items", 1),
                Figure.plain("growth", "table size, large", big.items(), "items", 1),
                Figure.against("growth", "open slots of one day: items read, " + sizes, big.listScanned(), small.listScanned(),
                        "items", samples, 1.05),
                Figure.against("growth", "search by name: items read, " + sizes, big.searchScanned(), small.searchScanned(),
                        "items", samples, 1.05),
                Figure.against("growth", "open slots of one day: p50 latency (emulator), " + sizes, big.listMs(), small.listMs(),
                        "ms", samples, Double.POSITIVE_INFINITY),
                Figure.against("growth", "search by name: p50 latency (emulator), " + sizes, big.searchMs(), small.searchMs(),
                        "ms", samples, Double.POSITIVE_INFINITY));
    }

    /**
     * Bulk-loads other doctors' open availabilities (2 items each) on the days after the measured
     * one until the table holds {@code target} items: the store's own bulk items, through the
     * emulator's bulk route when it has one (see {@link Fixture#loadOpen}).
     */
    private static void fill(Fixture f, LocalDate measuredDay, long target, int[] doctors) {
        long items = f.itemCount();
        while (items < target) {
            int n = doctors[0]++;
            UserRef doctor = f.user("filler-doctor-" + n, Role.DOCTOR, (n % 2 == 0 ? "Zed" : "Ann") + " Filler" + n);
            int count = (int) Math.max(1, Math.min(FILLER_DOCTOR_SLOTS, (target - items - 1) / 2));
            List<Availability> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(new Availability(UUID.randomUUID().toString(), doctor, measuredDay.plusDays(1 + i / 24),
                        f.slot(1 + i % 24), Availability.Status.OPEN, null));
            }
            f.loadOpen(batch);
            items += 1 + 2L * count;
        }
    }

    private static void book(AppointmentStore appointments, Availability availability, UserRef patient) {
        Appointment appointment = new Appointment(UUID.randomUUID().toString(), patient, availability.doctor(),
                availability.date(), availability.slot(), Appointment.Status.BOOKED, Instant.now());
        BookingEvent booked = BookingEvent.booked(appointment, patient.id(), appointment.createdAt());
        appointments.book(appointment, Optional.empty(), List.of(), new Outbox.Event(booked.id(), BookingEvent.SOURCE,
                booked.type().wire(), booked.occurredAt(), "{}"), SlotLifecycle.transition(SlotLifecycle.Operation.BOOK,
                SlotLifecycle.Subject.of(SlotLifecycle.State.OPEN, false, appointment.createdAt()).by(patient.id())));
    }

    private Point measure(Fixture f, Recorder recorder,
                          RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> list, APIGatewayV2HTTPEvent listEvent,
                          RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> search, APIGatewayV2HTTPEvent searchEvent) {
        List<Double> listScanned = new ArrayList<>();
        List<Double> listMs = new ArrayList<>();
        List<Double> searchScanned = new ArrayList<>();
        List<Double> searchMs = new ArrayList<>();
        for (int i = 0; i < samples + 1; i++) {
            boolean measured = i >= 1;
            run(recorder, list, listEvent, measured ? listScanned : new ArrayList<>(), measured ? listMs : new ArrayList<>());
            run(recorder, search, searchEvent, measured ? searchScanned : new ArrayList<>(), measured ? searchMs : new ArrayList<>());
        }
        return new Point(f.itemCount(), Stats.median(listScanned), Stats.median(listMs), Stats.median(searchScanned), Stats.median(searchMs));
    }

    private static void run(Recorder recorder, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                            APIGatewayV2HTTPEvent event, List<Double> scanned, List<Double> millis) {
        recorder.start();
        long start = System.nanoTime();
        var response = handler.handleRequest(event, null);
        long nanos = System.nanoTime() - start;
        recorder.stop();
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("answered " + response.getStatusCode() + ": " + response.getBody());
        }
        scanned.add((double) recorder.scanned());
        millis.add(Stats.millis(nanos));
    }
}
