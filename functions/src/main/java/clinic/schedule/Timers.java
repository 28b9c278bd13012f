package clinic.schedule;

import clinic.domain.ClinicClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;

/**
 * One-time timers: EventBridge Scheduler schedules that invoke a function once, at an instant,
 * with a JSON input, and then delete themselves. Setting a timer that exists replaces it, and
 * cancelling one that is gone is not an error, so a redelivered event that sets or cancels the
 * same timer again changes nothing.
 *
 * <p>Scheduler fires a one-time schedule anywhere within the minute of its {@code at()} ("between
 * 1:00:00 and 1:00:59", its user guide, <i>Schedule types</i>), so a timer is set for the next whole
 * minute at or after its instant: it then never fires before that instant (issue 18, defect 4).
 * It may still fire late, more than once, or after it was cancelled, in a race with the cancel; and
 * what it triggers re-checks the state it acts on, and re-arms itself if it finds it came early. An
 * instant already past, or within the next minute, is moved to a minute from now (rounded up the
 * same way): whether Scheduler would refuse such an {@code at()} or fire it at once is not settled
 * by its documentation, and either way the timer then fires about at once.
 */
public final class Timers {
    /** Scheduler's limit on schedule names. */
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z_.-]{1,64}");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SchedulerClient scheduler;
    private final String group;
    private final String roleArn;
    private final ClinicClock clock;

    public Timers(SchedulerClient scheduler, String group, String roleArn, ClinicClock clock) {
        this.scheduler = scheduler;
        this.group = group;
        this.roleArn = roleArn;
        this.clock = clock;
    }

    /** Sets (or moves) timer {@code name} to invoke {@code targetArn} with {@code input} at {@code at}. */
    public void set(String name, Instant at, String targetArn, String input) {
        requireName(name);
        String expression = "at(" + AT.format(earliest(at, clock.now())) + ")";
        try {
            scheduler.createSchedule(CreateScheduleRequest.builder().name(name).groupName(group)
                    .scheduleExpression(expression).scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(t -> t.arn(targetArn).roleArn(roleArn).input(input))
                    .build());
        } catch (ConflictException exists) {
            // UpdateSchedule replaces every setting, so it is given all of them again.
            scheduler.updateSchedule(UpdateScheduleRequest.builder().name(name).groupName(group)
                    .scheduleExpression(expression).scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(t -> t.arn(targetArn).roleArn(roleArn).input(input))
                    .build());
        }
    }

    /** Cancels timer {@code name}; one that already fired or never existed is fine. */
    public void cancel(String name) {
        requireName(name);
        try {
            scheduler.deleteSchedule(r -> r.name(name).groupName(group));
        } catch (ResourceNotFoundException gone) {
            // already fired (and deleted itself) or never set: nothing to cancel
        }
    }

    /** The whole minute the schedule is set for: at or after {@code at}, and at least a minute from now. */
    static Instant earliest(Instant at, Instant now) {
        Instant soonest = now.plus(1, ChronoUnit.MINUTES);
        return wholeMinuteFrom(at.isBefore(soonest) ? soonest : at);
    }

    /** The first whole minute at or after {@code at}. */
    static Instant wholeMinuteFrom(Instant at) {
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        return minute.equals(at) ? minute : minute.plus(1, ChronoUnit.MINUTES);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a schedule name: " + name);
        }
    }
}
