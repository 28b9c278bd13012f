package clinic.store;

import clinic.domain.NotificationPreferences;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each user's notification preferences, and the markers that make an email go out at most once
 * per notification and recipient (docs/events.md, "Notifications").
 */
public final class NotificationStore {
    private final Table table;

    public NotificationStore(Table table) {
        this.table = table;
    }

    /** The user's preferences; {@link NotificationPreferences#DEFAULT} until they choose. */
    public NotificationPreferences preferences(String userId) {
        return table.get(Keys.notificationPreferences(userId))
                .map(item -> new NotificationPreferences(ownChanges(item)))
                .orElse(NotificationPreferences.DEFAULT);
    }

    /** A required boolean, by the store's one convention (store.Items): missing is named, never a silent default. */
    private static boolean ownChanges(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("own_changes");
        if (value == null || value.bool() == null) {
            throw new Items.MissingAttribute(item, "own_changes", "boolean");
        }
        return value.bool();
    }

    public void save(String userId, NotificationPreferences preferences) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.notificationPreferences(userId).toMap());
        item.put("own_changes", AttributeValue.fromBool(preferences.ownChanges()));
        table.put(item);
    }

    /**
     * Claims the sending of one notification to one recipient: true if this call put the marker,
     * false if it was already there (sent, or being sent, by an earlier delivery). Kept until
     * {@code keepUntil} (TTL), longer than any redelivery can come.
     */
    public boolean claim(String notificationId, String recipientId, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.sentMarker(notificationId, recipientId).toMap());
        item.put("expires_at", Items.n(keepUntil.getEpochSecond()));
        return table.putIfAbsent(item);
    }

    /** Gives a claim back after a send that SES refused, so the redelivery sends it. */
    public void release(String notificationId, String recipientId) {
        table.delete(Keys.sentMarker(notificationId, recipientId));
    }
}
