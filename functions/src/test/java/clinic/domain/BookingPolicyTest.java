package clinic.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The three rules at their edges, a doctor's own over the clinic's, and who the cutoff binds. */
class BookingPolicyTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final LocalDate DAY = LocalDate.of(2031, 3, 30); // the clocks go forward at 01:00
    private static final LocalTime TEN = LocalTime.of(10, 0);
    private static final Instant START = DAY.atTime(TEN).atZone(LONDON).toInstant();
    private static final Caller PATIENT = new Caller("p", "pat", Set.of(Role.PATIENT));
    private static final Caller DOCTOR = new Caller("d", "doc", Set.of(Role.DOCTOR));
    private static final Caller ADMIN = new Caller("a", "adm", Set.of(Role.ADMIN));

    private static ClinicClock at(Instant now) {
        return new ClinicClock(Clock.fixed(now, LONDON), LONDON);
    }

    @Test
    void theNoticeAllowsABookingExactlyThatLongBeforeTheStartAndNotAMillisecondLater() {
        BookingPolicy policy = new BookingPolicy(600, null, null); // across the night the clocks changed
        assertThat(policy.checkBooking(DAY, TEN, at(START.minus(Duration.ofMinutes(600))))).isEmpty();
        assertThat(policy.checkBooking(DAY, TEN, at(START.minus(Duration.ofMinutes(600)).plusMillis(1))))
                .hasValueSatisfying(c -> assertThat(c.code()).isEqualTo("TOO_SOON"));
    }

    @Test
    void theHorizonAllowsTodayPlusItsDaysAndNotTheDayAfter() {
        BookingPolicy policy = new BookingPolicy(null, 30, null);
        ClinicClock clock = at(DAY.minusDays(30).atTime(23, 59).atZone(LONDON).toInstant());
        assertThat(policy.checkBooking(DAY, TEN, clock)).isEmpty();
        assertThat(policy.checkBooking(DAY.plusDays(1), TEN, clock))
                .hasValueSatisfying(c -> assertThat(c.code()).isEqualTo("TOO_FAR_AHEAD"));
        assertThat(new BookingPolicy(null, 0, null).checkBooking(DAY, TEN, at(START.minusSeconds(3600)))).isEmpty();
    }

    @Test
    void theCutoffBindsPatientsOnlyAndAllowsLeavingExactlyAtIt() {
        BookingPolicy policy = new BookingPolicy(null, null, 24);
        Instant edge = START.minus(Duration.ofHours(24));
        assertThat(policy.checkLeaving(PATIENT, START, edge)).isEmpty();
        assertThat(policy.checkLeaving(PATIENT, START, edge.plusMillis(1)))
                .hasValueSatisfying(c -> assertThat(c.code()).isEqualTo("CANCEL_CUTOFF"));
        assertThat(policy.checkLeaving(DOCTOR, START, START.minusSeconds(60))).isEmpty();
        assertThat(policy.checkLeaving(ADMIN, START, START.minusSeconds(60))).isEmpty();
    }

    @Test
    void theWritesGuardAgreesWithTheCheckAtTheEdge() {
        Instant edge = START.minus(Duration.ofHours(24));
        assertThat(BookingPolicy.longestCutoffAllowing(START, edge)).isEqualTo(24);
        assertThat(BookingPolicy.longestCutoffAllowing(START, edge.plusMillis(1))).isEqualTo(23);
        assertThat(BookingPolicy.longestCutoffAllowing(START, START.plusMillis(1))).isNegative();
        assertThat(new BookingPolicy(null, null, 24).cutoffGuard(START, edge).clinicAllows()).isTrue();
        assertThat(new BookingPolicy(null, null, 24).cutoffGuard(START, edge.plusMillis(1)).clinicAllows()).isFalse();
        assertThat(BookingPolicy.NONE.cutoffGuard(START, START.plusSeconds(1)).clinicAllows()).isTrue();
    }

    @Test
    void aDoctorsOwnRuleReplacesTheClinicsAndANullOneKeepsIt() {
        BookingPolicy clinic = new BookingPolicy(120, 30, 24);
        assertThat(clinic.under(new BookingPolicy(0, null, 48))).isEqualTo(new BookingPolicy(0, 30, 48));
        assertThat(clinic.under(BookingPolicy.NONE)).isEqualTo(clinic);
        assertThat(BookingPolicy.NONE.under(BookingPolicy.NONE).isNone()).isTrue();
    }

    @Test
    void aRuleOutsideItsBoundsIsNoPolicy() {
        assertThatThrownBy(() -> new BookingPolicy(-1, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BookingPolicy(null, BookingPolicy.MAX_HORIZON_DAYS + 1, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
