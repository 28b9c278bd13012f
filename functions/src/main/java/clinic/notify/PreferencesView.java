package clinic.notify;

import clinic.domain.NotificationPreferences;

/** {@code {"own_changes": true}}: the preferences as the API shows them. */
public record PreferencesView(boolean ownChanges) {
    static PreferencesView of(NotificationPreferences preferences) {
        return new PreferencesView(preferences.ownChanges());
    }
}
