package clinic;

import java.time.ZoneId;
import java.util.function.Function;

/**
 * Where the functions find their resources. On Lambda every value comes from the environment the
 * template sets; tests and the local API build one directly.
 */
public record Config(String tableName, String userPoolId, String userPoolClientId, String region,
                     ZoneId clinicZone, String issuer, String jwksUrl, int maxUpcomingBookings,
                     String eventBusName, int maxWaitlistEntries, Function<String, String> env) {
    /** The template's default for {@code MaxUpcomingBookings}. */
    public static final int DEFAULT_MAX_UPCOMING_BOOKINGS = 10;

    public static Config from(Function<String, String> env) {
        String region = required(env, "AWS_REGION");
        String pool = required(env, "USER_POOL_ID");
        String issuer = "https://cognito-idp." + region + ".amazonaws.com/" + pool;
        String endpoint = env.apply("AWS_ENDPOINT_URL");
        // An emulator serves the pool's keys under its own address; AWS serves them under the issuer.
        String jwks = (endpoint == null || endpoint.isBlank() ? issuer : endpoint.replaceAll("/+$", "") + "/" + pool)
                + "/.well-known/jwks.json";
        String zone = env.apply("CLINIC_TIME_ZONE");
        return new Config(required(env, "TABLE_NAME"), pool, required(env, "USER_POOL_CLIENT_ID"), region,
                ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone), issuer, jwks,
                positive(env, "MAX_UPCOMING_BOOKINGS", DEFAULT_MAX_UPCOMING_BOOKINGS),
                env.apply("EVENT_BUS_NAME"), positive(env, "MAX_WAITLIST_ENTRIES", clinic.domain.Waitlist.DEFAULT_MAX_ENTRIES), env);
    }

    /**
     * A setting only some functions need, read when first asked for (so a function that does not
     * use it need not have it): fails naming the variable when it is missing.
     */
    public String require(String name) {
        return required(env, name);
    }

    /** As {@link #require}, for a whole number of at least 1, with the template's default. */
    public int positive(String name, int fallback) {
        return positive(env, name, fallback);
    }

    /**
     * The clinic's booking policy (template parameters MinNoticeMinutes, BookingHorizonDays,
     * CancelCutoffHours): each rule a whole number, or empty for none (the default).
     */
    public clinic.domain.BookingPolicy clinicPolicy() {
        try {
            return new clinic.domain.BookingPolicy(optionalWhole("MIN_NOTICE_MINUTES"), optionalWhole("BOOKING_HORIZON_DAYS"),
                    optionalWhole("CANCEL_CUTOFF_HOURS"));
        } catch (IllegalArgumentException outOfRange) {
            throw new IllegalStateException("Booking policy: " + outOfRange.getMessage());
        }
    }

    /** The clinic's no-show policy (template parameter NoShowLimit): a whole number from 1, or empty for none (the default). */
    public clinic.domain.BookingPolicy.NoShowLimit noShowLimit() {
        try {
            return new clinic.domain.BookingPolicy.NoShowLimit(optionalWhole("NO_SHOW_LIMIT"));
        } catch (IllegalArgumentException outOfRange) {
            throw new IllegalStateException("Booking policy: " + outOfRange.getMessage());
        }
    }

    private Integer optionalWhole(String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + name + " must be a whole number or empty");
        }
    }

    /** The EventBridge Scheduler group one-time timers go in. */
    public String scheduleGroup() {
        return require("SCHEDULE_GROUP");
    }

    /** The role EventBridge Scheduler assumes to invoke a timer's target function. */
    public String schedulerRoleArn() {
        return require("SCHEDULER_ROLE_ARN");
    }

    private static int positive(Function<String, String> env, String name, int fallback) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("Environment variable " + name + " must be a positive whole number");
    }

    /** The bus booking events go to; only the publisher needs it. */
    public String requireEventBus() {
        if (eventBusName == null || eventBusName.isBlank()) {
            throw new IllegalStateException("Environment variable EVENT_BUS_NAME is not set");
        }
        return eventBusName;
    }

    private static String required(Function<String, String> env, String name) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value;
    }
}
