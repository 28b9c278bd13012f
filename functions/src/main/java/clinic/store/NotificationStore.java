package clinic.store;

import clinic.domain.NotificationPreferences;
import java.time.Instant;

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
        return table.get(Keys.notificationPreferences(userId)).map(Schemas.NOTIFICATION_PREFERENCES::read)
                .orElse(NotificationPreferences.DEFAULT);
    }

    public void save(String userId, NotificationPreferences preferences) {
        table.put(Schemas.NOTIFICATION_PREFERENCES.item(Keys.notificationPreferences(userId), preferences));
    }

    /**
     * Claims the sending of one notification to one recipient: true if this call put the marker,
     * false if it was already there (sent, or being sent, by an earlier delivery). Kept until
     * {@code keepUntil} (TTL), longer than any redelivery can come.
     */
    public boolean claim(String notificationId, String recipientId, Instant keepUntil) {
        return table.putIfAbsent(Schemas.SENT_MARKER.item(Keys.sentMarker(notificationId, recipientId), keepUntil));
    }

    /** Gives a claim back after a send that SES refused, so the redelivery sends it. */
    public void release(String notificationId, String recipientId) {
        table.delete(Keys.sentMarker(notificationId, recipientId));
    }
}
