package clinic.store;

import clinic.domain.NotificationPreferences;
import java.time.Instant;
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
        return table.get(Keys.notificationPreferences(userId)).map(Schemas.NOTIFICATION_PREFERENCES::read)
                .orElse(NotificationPreferences.DEFAULT);
    }

    public void save(String userId, NotificationPreferences preferences) {
        table.put(Schemas.NOTIFICATION_PREFERENCES.item(Keys.notificationPreferences(userId), preferences));
    }

    /**
     * One delivery's claim on sending one notification to one recipient; {@code holder} is unique to
     * that delivery, so only it can give the claim back.
     */
    public record Claim(String notificationId, String recipientId, String holder) {}

    /**
     * Puts the claim's marker: true if this call put it, false if one was already there (sent, or
     * being sent, by an earlier delivery). Kept until {@code keepUntil} (TTL), longer than any
     * redelivery can come.
     */
    public boolean claim(Claim claim, Instant keepUntil) {
        return table.putIfAbsent(Schemas.SENT_MARKER.item(Keys.sentMarker(claim.notificationId(), claim.recipientId()),
                new Schemas.SentMarker(claim.holder(), keepUntil)));
    }

    /**
     * Gives a claim back after its email was not sent (or its own Put's answer was lost), so the
     * redelivery sends it; a marker another delivery holds is left alone.
     */
    public void release(Claim claim) {
        table.deleteIfEquals(Keys.sentMarker(claim.notificationId(), claim.recipientId()),
                Schemas.SENT_MARKER.holder.name(), AttributeValue.fromS(claim.holder()));
    }
}
