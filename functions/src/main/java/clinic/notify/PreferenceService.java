package clinic.notify;

import clinic.domain.Caller;
import clinic.domain.NotificationPreferences;
import clinic.domain.Role;
import clinic.store.NotificationStore;

/** The caller's own notification preferences: patients and doctors, who are the ones emailed. */
public final class PreferenceService {
    private final NotificationStore store;

    public PreferenceService(NotificationStore store) {
        this.store = store;
    }

    public NotificationPreferences of(Caller caller) {
        return store.preferences(emailed(caller).id());
    }

    public NotificationPreferences update(Caller caller, NotificationPreferences preferences) {
        store.save(emailed(caller).id(), preferences);
        return preferences;
    }

    /** Admins are never emailed about appointments, so they have nothing to choose. */
    private static Caller emailed(Caller caller) {
        return caller.require(Role.PATIENT, Role.DOCTOR);
    }
}
