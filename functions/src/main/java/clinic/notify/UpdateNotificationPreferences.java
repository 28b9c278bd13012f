package clinic.notify;

import clinic.App;
import clinic.domain.NotificationPreferences;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code PUT /api/me/notifications} {@code {"own_changes": false}}: sets which emails the caller gets. */
public final class UpdateNotificationPreferences extends ApiHandler {
    private final PreferenceService preferences;

    public UpdateNotificationPreferences() {
        this(App.fromEnvironment());
    }

    public UpdateNotificationPreferences(App app) {
        this.preferences = app.preferences();
    }

    /** Up to validation only: a valid body would write. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("PUT /api/me/notifications").as(Role.PATIENT).body("{\"own_changes\":\"maybe\"}").event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(PreferencesView.of(NotificationPreferences.DEFAULT));
    }

    @Override
    protected Response handle(Request request) {
        Fields fields = Fields.of(request.json());
        boolean ownChanges = fields.bool("own_changes");
        fields.check();
        return Response.ok(PreferencesView.of(preferences.update(request.caller(), new NotificationPreferences(ownChanges))));
    }
}
