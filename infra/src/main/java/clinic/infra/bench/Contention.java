package clinic.infra.bench;

import clinic.appointments.BookAppointment;
import clinic.domain.Role;
import clinic.domain.UserRef;
import clinic.infra.Emulator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Many patients booking one slot at the same instant, through the booking handler, round after round. */
final class Contention {
    private final Emulator emulator;
    private final int threads;
    private final int rounds;

    Contention(Emulator emulator, int threads, int rounds) {
        this.emulator = emulator;
        this.threads = threads;
        this.rounds = rounds;
    }

    private record Result(int status, double millis) {}

    List<Figure> run() throws Exception {
        Fixture f = new Fixture(emulator, "bench-contention", List.of());
        LocalDate day = LocalDate.now().plusDays(4);
        UserRef doctor = f.user(Fixture.id("busy-doctor"), Role.DOCTOR, "Busy Doctor");
        for (int i = 0; i < threads; i++) {
            f.user("patient-" + i, Role.PATIENT, "Patient " + i);
        }
        f.declare(doctor, day, IntStream.rangeClosed(1, 24).boxed().toList());
        f.declare(doctor, day.plusDays(1), IntStream.rangeClosed(1, 24).boxed().toList());
        var book = Calls.handler(BookAppointment.class, f.app);

        // Uncontended: one patient at a time, each on a slot of their own.
        List<Double> alone = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            long start = System.nanoTime();
            int status = book.handleRequest(Calls.booking("patient-" + i, Fixture.id("busy-doctor"), day.plusDays(1).toString(), i + 1), null).getStatusCode();
            alone.add(Stats.millis(System.nanoTime() - start));
            if (status != 201) {
                throw new IllegalStateException("uncontended booking answered " + status);
            }
        }

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Result> results = new ArrayList<>();
        int roundsWithOneWinner = 0;
        try {
            for (int round = 1; round <= rounds; round++) {
                int slot = round;
                CyclicBarrier barrier = new CyclicBarrier(threads);
                List<Future<Result>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String patient = "patient-" + t;
                    futures.add(pool.submit(() -> {
                        barrier.await(30, TimeUnit.SECONDS);
                        long start = System.nanoTime();
                        int status = book.handleRequest(Calls.booking(patient, Fixture.id("busy-doctor"), day.toString(), slot), null).getStatusCode();
                        return new Result(status, Stats.millis(System.nanoTime() - start));
                    }));
                }
                int winners = 0;
                for (Future<Result> future : futures) {
                    Result result = future.get(120, TimeUnit.SECONDS);
                    results.add(result);
                    winners += result.status() == 201 ? 1 : 0;
                }
                roundsWithOneWinner += winners == 1 ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
            f.close();
        }
        int total = results.size();
        long conflicts = results.stream().filter(r -> r.status() == 409).count();
        long serverErrors = results.stream().filter(r -> r.status() >= 500).count();
        long successes = results.stream().filter(r -> r.status() == 201).count();
        double contended = Stats.median(results.stream().map(Result::millis).toList());
        return List.of(
                Figure.exactly("contention", threads + " bookings of one slot at once: rounds with exactly one success", roundsWithOneWinner,
                        "rounds", rounds, rounds),
                Figure.exactly("contention", "successes", successes, "bookings", total, rounds),
                Figure.exactly("contention", "409 SLOT_UNAVAILABLE", conflicts, "bookings", total, (double) total - rounds),
                Figure.exactly("contention", "5xx", serverErrors, "bookings", total, 0),
                Figure.against("contention", "p50 latency under contention vs uncontended booking", contended, Stats.median(alone), "ms",
                        total, Double.POSITIVE_INFINITY));
    }
}
