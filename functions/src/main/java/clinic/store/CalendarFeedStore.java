package clinic.store;

import clinic.domain.Problem;
import clinic.domain.Role;
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
                Role.valueOf(Items.str(item, "role").toUpperCase(Locale.ROOT))));
    }

    /** Makes {@code tokenHash} the user's feed, revoking the one they had. */
    public void replace(String userId, Role role, String tokenHash) {
        Optional<String> old = current(userId);
        Tx tx = table.transaction();
        Map<String, AttributeValue> pointer = new HashMap<>(Keys.userCalendarFeed(userId).toMap());
        pointer.put("hash", Items.s(tokenHash));
        int self = old.isPresent()
                ? tx.put(pointer, "#hash = :old", Map.of(":old", Items.s(old.get())))
                : tx.putNew(pointer);
        Map<String, AttributeValue> feed = new HashMap<>(Keys.calendarFeed(tokenHash).toMap());
        feed.put("user", Items.s(userId));
        feed.put("role", Items.s(role.name().toLowerCase(Locale.ROOT)));
        tx.putNew(feed);
        old.ifPresent(hash -> tx.delete(Keys.calendarFeed(hash), null, Map.of()));
        // Another creation or revocation changed the pointer since it was read: the caller retries.
        table.transact(tx, failed -> failed == self ? new Problem.Busy() : null);
    }

    /** Revokes the user's feed, if they have one. */
    public void revoke(String userId) {
        Optional<String> old = current(userId);
        if (old.isEmpty()) {
            return;
        }
        Tx tx = table.transaction();
        int self = tx.delete(Keys.userCalendarFeed(userId), "#hash = :old", Map.of(":old", Items.s(old.get())));
        tx.delete(Keys.calendarFeed(old.get()), null, Map.of());
        table.transact(tx, failed -> failed == self ? new Problem.Busy() : null);
    }

    private Optional<String> current(String userId) {
        return table.get(Keys.userCalendarFeed(userId)).map(item -> Items.str(item, "hash"));
    }
}
