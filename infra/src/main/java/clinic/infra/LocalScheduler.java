package clinic.infra;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

/**
 * EventBridge Scheduler's one-time schedules, fired locally: the emulator keeps the schedules the
 * functions set (and moves and deletes), and this fires each one whose {@code at()} time the local
 * clock has reached, invoking its target function in-process with its input, then deletes it (the
 * schedules' {@code ActionAfterCompletion: DELETE}). {@code ./dev up} runs it every second; a test
 * calls {@link #fireDue()} after moving the clock.
 */
public final class LocalScheduler {
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");

    private final SchedulerClient scheduler;
    private final String group;
    private final Clock clock;
    private final LocalFunctions functions;

    LocalScheduler(SchedulerClient scheduler, String group, Clock clock, LocalFunctions functions) {
        this.scheduler = scheduler;
        this.group = group;
        this.clock = clock;
        this.functions = functions;
    }

    /** A schedule of the group as the emulator holds it. */
    public record Pending(String name, Instant at, String target, String input) {}

    /** Every schedule of the group, soonest first. */
    public List<Pending> pending() {
        List<Pending> all = new ArrayList<>();
        for (ScheduleSummary summary : scheduler.listSchedulesPaginator(r -> r.groupName(group)).schedules()) {
            try {
                GetScheduleResponse schedule = scheduler.getSchedule(r -> r.groupName(group).name(summary.name()));
                all.add(new Pending(schedule.name(), at(schedule), schedule.target().arn(), schedule.target().input()));
            } catch (ResourceNotFoundException deletedMeanwhile) {
                // cancelled between the listing and the read
            }
        }
        all.sort(Comparator.comparing(Pending::at).thenComparing(Pending::name));
        return all;
    }

    /**
     * Fires every schedule that is due, soonest first, each once; returns how many fired. A target
     * that throws is still deleted (as Scheduler would, after its retries); the first fault is
     * rethrown once every due schedule has had its turn.
     */
    public synchronized int fireDue() {
        Instant now = clock.instant();
        RuntimeException first = null;
        int fired = 0;
        for (Pending due : pending()) {
            if (due.at().isAfter(now)) {
                break;
            }
            try {
                scheduler.deleteSchedule(r -> r.groupName(group).name(due.name()));
            } catch (ResourceNotFoundException cancelled) {
                continue;
            }
            fired++;
            try {
                functions.invoke(functions.logicalIdOf(due.target()), due.input() == null ? "{}" : due.input());
            } catch (RuntimeException fault) {
                first = first == null ? fault : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return fired;
    }

    /** Runs {@link #fireDue()} every {@code millis} on a daemon thread until closed, as {@code ./dev up} does. */
    public AutoCloseable runEvery(long millis, Consumer<RuntimeException> onFault) {
        return Loop.every("local-scheduler", millis, this::fireDue, onFault);
    }

    private static Instant at(GetScheduleResponse schedule) {
        Matcher at = AT.matcher(schedule.scheduleExpression());
        if (!at.matches()) {
            throw new IllegalStateException("Schedule " + schedule.name() + " is not one-time: " + schedule.scheduleExpression());
        }
        String zone = schedule.scheduleExpressionTimezone();
        return LocalDateTime.parse(at.group(1)).atZone(ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone)).toInstant();
    }
}
