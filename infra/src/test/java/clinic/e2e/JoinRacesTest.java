package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.HalfSeen;
import clinic.support.Race;
import clinic.support.Users.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * A join racing the same patient's other joins for the waitlist's seats. Each join picks one of the
 * patient's free seats and writes on condition it is still as read; a join that lost its seat reads
 * again. Here the races are forced, not hoped for: between the join's read and its write, the same
 * patient joins for another date until that join holds the very seat the first one chose; or the
 * join's read shows a racing join's seat without its claim, as DynamoDB's read-committed Query may.
 */
class JoinRacesTest extends EndToEndTest {
    private final SeatTaker seatTaker = new SeatTaker();
    private final HalfSeen halfSeen = new HalfSeen();

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(seatTaker, halfSeen);
    }

    /**
     * Every lost round is one more entry of the patient's, so by the round after the cap's the cap
     * answers. The join is refused as the cap's (WAITLIST_LIMIT), not as a change it could not follow
     * (CHANGED), however large the cap.
     */
    @Test
    void aJoinThatLosesItsSeatOnEveryRoundIsRefusedByTheCapNotAsChanged() {
        int cap = stack.config().maxWaitlistEntries();
        User doctor = users.doctor("Seated Doctor");
        User patient = users.patient("Outpaced Joiner");
        String day = freshDay();

        seatTaker.onJoinsFor(day, seat -> takeSeat(patient, doctor, seat));
        Api.Reply reply;
        try {
            reply = join(patient, doctor, day);
        } finally {
            seatTaker.stop();
        }

        assertThat(seatTaker.competitorFailure()).as("the competitor's own calls").isNull();
        assertThat(seatTaker.roundsLost()).as("each of the join's writes met its seat taken").isEqualTo(cap);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(reply.code()).as(reply.toString()).isEqualTo("WAITLIST_LIMIT");
        var entries = api.get("/api/waitlist/", patient.token()).array();
        assertThat(entries).as("the competitor's entries, one a round").hasSize(cap)
                .noneSatisfy(e -> assertThat(e.get("date")).isEqualTo(day));
        assertAuditClean();
    }

    /**
     * A Query is read-committed, not a snapshot (DynamoDB's isolation levels): a join's read of the
     * patient's partition can show the seat another join's transaction took without that join's
     * claim, which moto never does. The seat then looks free, and its condition (the entry it names,
     * unchanged) holds: without a check of that entry, the join took it and the patient held one
     * entry more than the cap.
     */
    @Test
    void aJoinWhoseReadShowsARacingJoinsSeatWithoutItsClaimDoesNotTakeThatSeat() {
        int cap = stack.config().maxWaitlistEntries();
        User doctor = users.doctor("Partial Reader");
        User patient = users.patient("Seen In Part");
        String lastDay = null;
        for (int i = 0; i < cap; i++) {
            lastDay = freshDay();
            assertThat(join(patient, doctor, lastDay).status()).isEqualTo(201);
        }

        halfSeen.nextReadWithout("USER#" + patient.id(), "WAITLIST#" + doctor.id() + "#" + lastDay);
        Api.Reply reply = join(patient, doctor, freshDay());

        assertThat(halfSeen.dropped()).as("the read showed the seat without its claim").isTrue();
        assertThat(reply.code()).as(reply.toString()).isEqualTo("WAITLIST_LIMIT");
        assertThat(api.get("/api/waitlist/", patient.token()).array()).as("no more than the cap").hasSize(cap);
        assertAuditClean();
    }

    private Api.Reply join(User patient, User doctor, String day) {
        return api.post("/api/waitlist/", patient.token(), Map.of("doctor", doctor.id(), "date", day));
    }

    /** The patient joins other dates until a join of theirs holds {@code seat}; an entry that took another seat is left again. */
    private void takeSeat(User patient, User doctor, int seat) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Api.Reply joined = join(patient, doctor, freshDay());
            assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
            if (seatTaker.lastSeatTaken() == seat) {
                return;
            }
            Api.Reply left = api.delete("/api/waitlist/" + joined.object().get("id") + "/", patient.token());
            assertThat(left.status()).as(left.toString()).isEqualTo(204);
        }
        throw new AssertionError("no join took seat " + seat + " in 100 attempts");
    }

    /**
     * Watches the joins' transactions (the ones that write a waitlist claim and a seat): before each
     * write of a join for the watched date, runs the competitor with the seat that join chose; for
     * any other join, notes the seat it took.
     */
    private static final class SeatTaker implements ExecutionInterceptor {
        private volatile String watchedDate;
        private volatile IntConsumer competitor;
        private final AtomicInteger roundsLost = new AtomicInteger();
        private volatile int lastSeatTaken;
        private final AtomicReference<Throwable> competitorFailure = new AtomicReference<>();

        void onJoinsFor(String date, IntConsumer takeSeat) {
            competitor = takeSeat;
            watchedDate = date;
        }

        void stop() {
            watchedDate = null;
        }

        int roundsLost() {
            return roundsLost.get();
        }

        int lastSeatTaken() {
            return lastSeatTaken;
        }

        Throwable competitorFailure() {
            return competitorFailure.get();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof TransactWriteItemsRequest tx)) {
                return;
            }
            Optional<String> claim = sortKeyStarting(tx, "WAITLIST#");
            Optional<String> seat = sortKeyStarting(tx, "WAITLIST_SEAT#");
            if (claim.isEmpty() || seat.isEmpty()) {
                return;
            }
            int number = Integer.parseInt(seat.get().substring("WAITLIST_SEAT#".length()));
            String date = watchedDate;
            if (date == null || !claim.get().endsWith("#" + date)) {
                lastSeatTaken = number;
                return;
            }
            roundsLost.incrementAndGet();
            // This join's write waits for the competitor.
            Race.onItsOwnThread("seat-taker", () -> {
                try {
                    competitor.accept(number);
                } catch (Throwable failure) {
                    competitorFailure.compareAndSet(null, failure);
                }
            });
        }

        private static Optional<String> sortKeyStarting(TransactWriteItemsRequest tx, String prefix) {
            return tx.transactItems().stream().map(TransactWriteItem::put).filter(put -> put != null)
                    .map(put -> put.item().get("SK")).filter(sk -> sk != null).map(AttributeValue::s)
                    .filter(sk -> sk != null && sk.startsWith(prefix)).findFirst();
        }
    }
}
