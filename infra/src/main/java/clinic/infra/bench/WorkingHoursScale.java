package clinic.infra.bench;

import clinic.availability.WorkingHoursService;
import clinic.domain.Role;
import clinic.domain.UserRef;
import clinic.domain.WeeklyPattern;
import clinic.infra.Emulator;
import clinic.store.WorkingHoursStore;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Issue 19, scale: keeping {@code WorkingHoursWeeks} (8) of availabilities for {@code doctors}
 * doctors, each working Monday to Friday 09:00-12:30 and 14:00-17:00 (13 slots a day). Figures:
 * items written, calls and duration of a full top-up of every doctor's horizon, and of one day's
 * roll-forward after it (the clock a day on). The open-slot reads' page bound from 10 to 300
 * doctors is ClinicScale's.
 */
final class WorkingHoursScale {
    private final Emulator emulator;
    private final int doctors;

    WorkingHoursScale(Emulator emulator, int doctors) {
        this.emulator = emulator;
        this.doctors = doctors;
    }

    private record Run(double items, double calls, double seconds, int declared) {}

    List<Figure> run() {
        Recorder recorder = new Recorder();
        Fixture f = new Fixture(emulator, "bench-hours-" + doctors, List.of(recorder));
        try {
            WorkingHoursStore hours = new WorkingHoursStore(f.app.table());
            LocalDate today = f.app.clock().today();
            var day = List.of(new WeeklyPattern.Hours(LocalTime.of(9, 0), LocalTime.of(12, 30)),
                    new WeeklyPattern.Hours(LocalTime.of(14, 0), LocalTime.of(17, 0)));
            WeeklyPattern week = WeeklyPattern.of(today, null, Map.of("monday", day, "tuesday", day, "wednesday", day,
                    "thursday", day, "friday", day));
            for (int d = 0; d < doctors; d++) {
                UserRef doctor = f.user(Fixture.id("hours-doctor-" + d), Role.DOCTOR, "Hours Doctor " + d);
                hours.set(doctor, week, List.of(), List.of());
            }
            WorkingHoursService service = f.app.workingHours();
            Run full = measure(recorder, service::topUpAll);
            f.stack.clock().advance(Duration.ofDays(1));
            Run roll = measure(recorder, service::rollForward);
            String who = doctors + " doctors";
            List<Figure> figures = new ArrayList<>();
            figures.add(Figure.plain("working hours", "full top-up, " + who + ": availabilities declared", full.declared(), "", 1));
            figures.add(Figure.plain("working hours", "full top-up, " + who + ": items written", full.items(), "items", 1));
            figures.add(Figure.plain("working hours", "full top-up, " + who + ": calls", full.calls(), "calls", 1));
            figures.add(Figure.plain("working hours", "full top-up, " + who + ": duration (emulator)", full.seconds(), "s", 1));
            figures.add(Figure.plain("working hours", "a day's roll-forward, " + who + ": availabilities declared", roll.declared(), "", 1));
            figures.add(Figure.plain("working hours", "a day's roll-forward, " + who + ": items written", roll.items(), "items", 1));
            figures.add(Figure.plain("working hours", "a day's roll-forward, " + who + ": calls", roll.calls(), "calls", 1));
            figures.add(Figure.plain("working hours", "a day's roll-forward, " + who + ": duration (emulator)", roll.seconds(), "s", 1));
            return figures;
        } finally {
            f.close();
        }
    }

    private static Run measure(Recorder recorder, java.util.function.Supplier<WorkingHoursService.Fill> fill) {
        recorder.start();
        long start = System.nanoTime();
        WorkingHoursService.Fill done = fill.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Recorder.Call> calls = recorder.stop();
        long items = 0;
        for (Recorder.Call call : calls) {
            items += switch (call.request()) {
                case TransactWriteItemsRequest tx -> tx.transactItems().stream().filter(i -> i.conditionCheck() == null).count();
                case BatchWriteItemRequest batch -> batch.requestItems().values().stream().mapToLong(List::size).sum();
                default -> switch (call.operation()) {
                    case "PutItem", "UpdateItem", "DeleteItem" -> 1;
                    default -> 0;
                };
            };
        }
        return new Run(items, calls.size(), seconds, done.declared());
    }
}
