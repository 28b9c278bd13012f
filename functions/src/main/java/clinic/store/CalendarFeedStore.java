package clinic.store;

import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.domain.StaleRead;
import clinic.store.Tx.Condition;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Secret calendar feed URLs. A user has at most one: creating a new one revokes the old in the
 * same transaction, and the user's pointer item is conditioned on the hash it replaces, so two
 * racing creations cannot leave an orphan token nobody can revoke.
 */
public final class CalendarFeedStore {
    private final Table table;

    public CalendarFeedStore(Table table) {
        this.table = table;
    }

    /** Who a feed belongs to. */
    public record Owner(String userId, Role role) {}

    public Optional<Owner> owner(String tokenHash) {
        return table.get(Keys.calendarFeed(tokenHash)).map(Schemas.CALENDAR_FEED::read);
    }

    /**
     * Makes {@code tokenHash} the user's feed, revoking the one they had. If another creation or
     * revocation changed the pointer since it was read, it is read again and the new old one revoked.
     */
    public void replace(String userId, Role role, String tokenHash) {
        StaleRead.retry(() -> {
            Optional<String> old = current(userId);
            Tx tx = table.transaction();
            tx.put(Schemas.FEED_POINTER.item(Keys.userCalendarFeed(userId), tokenHash), pointsTo(old).orReread());
            Map<String, AttributeValue> feed = Schemas.CALENDAR_FEED.item(Keys.calendarFeed(tokenHash), new Owner(userId, role));
            // A 256-bit random token met again is not a client's doing: the caller may retry.
            tx.put(feed, Condition.absent().orRefuse(Problem.Busy::new));
            old.ifPresent(hash -> tx.delete(Keys.calendarFeed(hash)));
            table.transact(tx);
        });
    }

    /** Revokes the user's feed, if they have one. */
    public void revoke(String userId) {
        StaleRead.retry(() -> {
            Optional<String> old = current(userId);
            if (old.isEmpty()) {
                return;
            }
            Tx tx = table.transaction();
            tx.delete(Keys.userCalendarFeed(userId), pointsTo(old).orReread());
            tx.delete(Keys.calendarFeed(old.get()));
            table.transact(tx);
        });
    }

    /** The user's pointer is still as read: at that hash, or absent. */
    private static Condition.When pointsTo(Optional<String> hash) {
        return hash.map(h -> Condition.when("#hash = :old", Map.of(":old", Schemas.FEED_POINTER.hash.value(h)))).orElse(Condition.absent());
    }

    private Optional<String> current(String userId) {
        return table.get(Keys.userCalendarFeed(userId)).map(Schemas.FEED_POINTER::read);
    }
}
