package clinic.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
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
 * calls {@link #fireDue()} after moving the clock.
 *
 * <p>Also the template's recurring {@code Schedule} events ({@code rate(N minutes)}, such as
 * SweepOffers', or hours or days, as RollWorkingHours'): each fires its function every N of them on the local clock, from when the stack
 * started; {@code ./dev up} runs them in the same loop, a test with {@link #fireRecurringDue()}.
 */
public final class LocalScheduler {
    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|hour|day)s?\\)");

    private final SchedulerClient scheduler;
    private final String group;
    private final Clock clock;
    private final LocalFunctions functions;
    private final List<Recurring> recurring;

    LocalScheduler(SchedulerClient scheduler, String group, Clock clock, LocalFunctions functions, CfnTemplate template) {
        this.scheduler = scheduler;
        this.group = group;
        this.clock = clock;
        this.functions = functions;
        this.recurring = recurring(template, clock.instant());
    }

    /** A function the template invokes every {@code every}, and when it is next due. */
    private static final class Recurring {
        final String function;
        final Duration every;
        Instant next;

        Recurring(String function, Duration every, Instant next) {
            this.function = function;
            this.every = every;
            this.next = next;
        }
    }

    /** The template's {@code Schedule} events, {@code rate(N minutes|hours|days)} with parameters at their defaults. */
    private static List<Recurring> recurring(CfnTemplate template, Instant start) {
        List<Recurring> all = new ArrayList<>();
        template.functionProperties().forEach((function, properties) -> {
            Object events = properties.get("Events");
            if (events == null) {
                return;
            }
            for (Object value : CfnTemplate.map(events).values()) {
                Map<String, Object> event = CfnTemplate.map(value);
                if (!"Schedule".equals(event.get("Type"))) {
                    continue;
                }
                String expression = resolved(template, CfnTemplate.map(event.get("Properties")).get("Schedule"));
                Matcher rate = RATE.matcher(expression);
                if (!rate.matches()) {
                    throw new IllegalStateException(function + ": only rate(N minutes|hours|days) schedules run locally, not " + expression);
                }
                long n = Long.parseLong(rate.group(1));
                Duration every = switch (rate.group(2)) {
                    case "minute" -> Duration.ofMinutes(n);
                    case "hour" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                all.add(new Recurring(function, every, start.plus(every)));
            }
        });
        return all;
    }

    /** A string, or a {@code !Sub} of the template's parameters at their defaults. */
    private static String resolved(CfnTemplate template, Object value) {
        if (value instanceof CfnTemplate.Intrinsic(String tag, Object text) && tag.equals("!Sub")) {
            Matcher parameter = Pattern.compile("\\$\\{(\\w+)}").matcher((String) text);
            StringBuilder out = new StringBuilder();
            while (parameter.find()) {
                parameter.appendReplacement(out, String.valueOf(template.parameter(parameter.group(1)).get("Default")));
            }
            parameter.appendTail(out);
            return out.toString();
        }
        return (String) value;
    }

    /** The functions the template runs on a recurring schedule, and how often. */
    public Map<String, Duration> recurringSchedules() {
        Map<String, Duration> all = new java.util.TreeMap<>();
        recurring.forEach(r -> all.put(r.function, r.every));
        return all;
    }

    /**
     * Invokes each recurring schedule's function whose time the clock has reached, once however
     * many periods passed (as a rule's target that was down would not be invoked for each missed
     * one), with a scheduled event's shape; returns the functions it invoked.
     */
    public synchronized List<String> fireRecurringDue() {
        Instant now = clock.instant();
        RuntimeException first = null;
        List<String> fired = new ArrayList<>();
        for (Recurring schedule : recurring) {
            if (schedule.next.isAfter(now)) {
                continue;
            }
            while (!schedule.next.isAfter(now)) {
                schedule.next = schedule.next.plus(schedule.every);
            }
            fired.add(schedule.function);
            try {
                functions.invoke(schedule.function, "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\""
                        + now + "\",\"detail\":{}}");
            } catch (RuntimeException fault) {
                first = first == null ? fault : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return fired;
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
            if (!deleted(due)) {
                continue;
            }
            fired++;
            try {
                invoke(due);
            } catch (RuntimeException fault) {
                first = first == null ? fault : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return fired;
    }

    /**
     * Fires one due schedule as {@link #fireDue()} fires each, and no other (a test that races one
     * timer against a write); false if it was deleted meanwhile.
     */
    public synchronized boolean fire(Pending due) {
        if (due.at().isAfter(clock.instant())) {
            throw new IllegalStateException("Schedule " + due.name() + " is not due until " + due.at());
        }
        if (!deleted(due)) {
            return false;
        }
        invoke(due);
        return true;
    }

    /** Deletes a one-time schedule as it fires (as Scheduler does); false if it was cancelled meanwhile. */
    private boolean deleted(Pending due) {
        try {
            scheduler.deleteSchedule(r -> r.groupName(group).name(due.name()));
            return true;
        } catch (ResourceNotFoundException cancelled) {
            return false;
        }
    }

    private void invoke(Pending due) {
        functions.invoke(functions.logicalIdOf(due.target()), due.input() == null ? "{}" : due.input());
    }

    /** Runs {@link #fireDue()} and {@link #fireRecurringDue()} every {@code millis} on a daemon thread until closed, as {@code ./dev up} does. */
    public AutoCloseable runEvery(long millis, Consumer<RuntimeException> onFault) {
        return Loop.every("local-scheduler", millis, () -> {
            fireDue();
            fireRecurringDue();
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
