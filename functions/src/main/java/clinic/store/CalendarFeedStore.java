package clinic.store;

import clinic.domain.Problem;
import clinic.domain.Role;
import clinic.store.Tx.Condition;
import java.util.HashMap;
import java.util.Locale;
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
        return table.get(Keys.calendarFeed(tokenHash)).map(item -> new Owner(Items.str(item, "user"),
                Items.enumOf(item, "role", Role.class)));
    }

    /**
     * Makes {@code tokenHash} the user's feed, revoking the one they had. If another creation or
     * revocation changed the pointer since it was read, it is read again and the new old one revoked.
     */
    public void replace(String userId, Role role, String tokenHash) {
        StaleRead.retry(() -> {
            Optional<String> old = current(userId);
            Tx tx = table.transaction();
            Map<String, AttributeValue> pointer = new HashMap<>(Keys.userCalendarFeed(userId).toMap());
            pointer.put("hash", Items.s(tokenHash));
            tx.put(pointer, pointsTo(old).orReread());
            Map<String, AttributeValue> feed = new HashMap<>(Keys.calendarFeed(tokenHash).toMap());
            feed.put("user", Items.s(userId));
            feed.put("role", Items.s(role.name().toLowerCase(Locale.ROOT)));
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
        return hash.map(h -> Condition.when("#hash = :old", Map.of(":old", Items.s(h)))).orElse(Condition.absent());
    }

    private Optional<String> current(String userId) {
        return table.get(Keys.userCalendarFeed(userId)).map(item -> Items.str(item, "hash"));
    }
}
