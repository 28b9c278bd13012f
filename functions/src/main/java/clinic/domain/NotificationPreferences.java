package clinic.domain;

/**
 * What a user wants to be emailed about. {@code ownChanges}: emails about changes they made
 * themselves (their own booking, reschedule, cancel). Reminders and changes made by someone else
 * always go out, whatever the preference: they are news to the user.
 */
public record NotificationPreferences(boolean ownChanges) {
    /** A user who never chose: everything is sent. */
    public static final NotificationPreferences DEFAULT = new NotificationPreferences(true);

    /** Whether {@code recipientId} gets an email about a change {@code actorId} made. */
    public boolean wantsChangeBy(String recipientId, String actorId) {
        return ownChanges || !recipientId.equals(actorId);
    }
}
