package clinic.notify;

import clinic.App;
import clinic.domain.NotificationPreferences;
import clinic.domain.Role;
import clinic.http.ApiHandler;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.http.Response;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.List;

/** {@code GET /api/me/notifications}: which emails the caller gets. */
public final class GetNotificationPreferences extends ApiHandler {
    private final PreferenceService preferences;

    public GetNotificationPreferences() {
        this(App.fromEnvironment());
    }

    public GetNotificationPreferences(App app) {
        this.preferences = app.preferences();
    }

    /** A patient who never chose: the read, and the defaults. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("GET /api/me/notifications").as(Role.PATIENT).event());
    }

    @Override
    protected List<Object> primingViews() {
        return List.of(PreferencesView.of(NotificationPreferences.DEFAULT));
    }

    @Override
    protected Response handle(Request request) {
        return Response.ok(PreferencesView.of(preferences.of(request.caller())));
    }
}
