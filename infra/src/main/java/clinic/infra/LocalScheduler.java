package clinic.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * calls {@link #fireDue()} after moving the clock. It also runs the template's recurring schedules
 * (a function's {@code Type: Schedule} event, {@code rate(N minutes)}) on the same clock
 * ({@link #fireRecurring()}).
 */
public final class LocalScheduler {
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");

    private final SchedulerClient scheduler;
    private final String group;
    private final Clock clock;
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minutes?|hours?)\\)");

    private final LocalFunctions functions;
    private final List<Recurring> recurring;
    private final Map<String, Instant> nextRun = new HashMap<>();

    LocalScheduler(SchedulerClient scheduler, String group, Clock clock, LocalFunctions functions, List<Recurring> recurring) {
        this.scheduler = scheduler;
        this.group = group;
        this.clock = clock;
        this.functions = functions;
        this.recurring = List.copyOf(recurring);
    }

    /** A function the template runs on a schedule, every {@code every}. */
    public record Recurring(String function, Duration every) {}

    /**
     * The template's recurring schedules: each function's {@code Type: Schedule} event, its
     * {@code rate(...)} read with the parameters' defaults (a {@code !Sub} of a parameter).
     */
    static List<Recurring> recurring(CfnTemplate template) {
        List<Recurring> all = new ArrayList<>();
        template.functions().forEach((function, resource) -> {
            Object events = CfnTemplate.map(resource.get("Properties")).get("Events");
            CfnTemplate.map(events).values().forEach(event -> {
                Map<String, Object> e = CfnTemplate.map(event);
                if (!"Schedule".equals(e.get("Type"))) {
                    return;
                }
                Object schedule = CfnTemplate.map(e.get("Properties")).get("Schedule");
                String expression = schedule instanceof CfnTemplate.Intrinsic(String tag, Object text) && tag.equals("!Sub")
                        ? substitute(template, (String) text) : (String) schedule;
                Matcher rate = RATE.matcher(expression);
                if (!rate.matches()) {
                    throw new IllegalStateException(function + ": only rate(N minutes|hours) schedules run locally, not " + expression);
                }
                long n = Long.parseLong(rate.group(1));
                all.add(new Recurring(function, rate.group(2).startsWith("hour") ? Duration.ofHours(n) : Duration.ofMinutes(n)));
            });
        });
        return all;
    }

    private static String substitute(CfnTemplate template, String text) {
        Matcher reference = Pattern.compile("\\$\\{(\\w+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            Object value = template.parameter(reference.group(1)).get("Default");
            if (value == null) {
                throw new IllegalStateException("template.yaml: no default for parameter " + reference.group(1));
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        return reference.appendTail(out).toString();
    }

    /** The recurring schedules this scheduler runs. */
    public List<Recurring> recurring() {
        return recurring;
    }

    /**
     * Runs each recurring schedule whose period has passed on the clock since it last ran (the
     * first run one period after this scheduler's first call), with a scheduled event as its
     * input; returns how many ran. A failure is rethrown once every due one has run.
     */
    public synchronized int fireRecurring() {
        Instant now = clock.instant();
        RuntimeException first = null;
        int ran = 0;
        for (Recurring schedule : recurring) {
            Instant next = nextRun.computeIfAbsent(schedule.function(), f -> now.plus(schedule.every()));
            if (now.isBefore(next)) {
                continue;
            }
            nextRun.put(schedule.function(), now.plus(schedule.every()));
            ran++;
            try {
                functions.invoke(schedule.function(), "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"time\":\""
                        + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\",\"detail\":{}}");
            } catch (RuntimeException fault) {
                first = first == null ? fault : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return ran;
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
        return Loop.every("local-scheduler", millis, () -> {
            try {
                fireDue();
            } finally {
                fireRecurring();
            }
        }, onFault);
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
