package clinic.calendar;

import clinic.domain.Appointment;
import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.store.AppointmentStore.Listing;
import clinic.store.AppointmentStore;
import clinic.store.CalendarFeedStore;
import clinic.views.Ics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caller's appointments as a calendar, and the secret feed URLs calendar apps use instead of a
 * bearer token. A feed token is 32 random bytes; only its SHA-256 is stored, so the table never
 * holds a usable secret.
 */
public final class CalendarService {
    /** How far back the calendar reaches: booked and cancelled appointments of the last 30 days, and all later ones. */
    public static final int DAYS_BACK = 30;
    private static final Pattern FEED_FILE = Pattern.compile("([A-Za-z0-9_-]{43})\\.ics");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AppointmentStore appointments;
    private final CalendarFeedStore feeds;
    private final ClinicClock clock;

    public CalendarService(AppointmentStore appointments, CalendarFeedStore feeds, ClinicClock clock) {
        this.appointments = appointments;
        this.feeds = feeds;
        this.clock = clock;
    }

    public String calendarOf(Caller caller) {
        return calendar(caller.id(), roleOf(caller));
    }

    /** A new secret feed for the caller, replacing any they had; returns the token (shown once). */
    public String createFeed(Caller caller) {
        Role role = roleOf(caller);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        feeds.replace(caller.id(), role, hash(token));
        return token;
    }

    public void revokeFeed(Caller caller) {
        roleOf(caller);
        feeds.revoke(caller.id());
    }

    /** The calendar behind {@code <token>.ics}; 404 for anything that is not a live feed. */
    public String feed(String file) {
        Matcher m = FEED_FILE.matcher(file);
        if (!m.matches()) {
            throw new Problem.NotFound("Calendar");
        }
        CalendarFeedStore.Owner owner = feeds.owner(hash(m.group(1))).orElseThrow(() -> new Problem.NotFound("Calendar"));
        return calendar(owner.userId(), owner.role());
    }

    private String calendar(String userId, Role role) {
        Listing listing = role == Role.DOCTOR ? Listing.ofDoctor(userId) : Listing.ofPatient(userId);
        List<Appointment> found = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<Appointment> page = appointments.list(listing, Optional.of(clock.today().minusDays(DAYS_BACK)), Optional.empty(),
                    Optional.empty(), cursor, new PageRequest(PageRequest.MAX_LIMIT, Optional.empty()));
            found.addAll(page.items());
            cursor = page.next();
        } while (cursor.isPresent());
        return Ics.calendar(found, role, clock.zone(), clock.now());
    }

    private static Role roleOf(Caller caller) {
        if (caller.is(Role.DOCTOR)) {
            return Role.DOCTOR;
        }
        if (caller.is(Role.PATIENT)) {
            return Role.PATIENT;
        }
        throw new Problem.Forbidden("Only patients and doctors have a calendar");
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
