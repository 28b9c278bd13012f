package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.App;
import clinic.domain.Role;
import clinic.domain.UserProfile;
import clinic.events.PublishEvents;
import clinic.http.Json;
import clinic.infra.CfnTemplate;
import clinic.infra.LocalMail;
import clinic.infra.LocalResources;
import clinic.infra.Repo;
import clinic.store.UserStore;
import clinic.support.TestStack;
import clinic.timeslots.PopulateTimeSlots;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every file in events/ is handed to its function, as {@code sam local invoke} would, in an order
 * where each finds what it needs: the events name example users (whose profiles are seeded here)
 * and example ids (swapped for the ids the earlier events created).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleEventsTest {
    private static final String EXAMPLE_AVAILABILITY = "11111111-2222-4333-8444-555555555555";
    private static final String EXAMPLE_APPOINTMENT = "66666666-7777-4888-9999-000000000000";
    private static final String EXAMPLE_WAITLIST_ENTRY = "77777777-8888-4999-8aaa-bbbbbbbbbbbb";
    private static final String EXAMPLE_TIME_OFF = "88888888-9999-4aaa-8bbb-cccccccccccc";
    private static final String EXAMPLE_FEED_TOKEN = "exampleFeedToken_00000000000000000000000001";

    /** Each event in turn, and the status its function answers. */
    private static final List<Map.Entry<String, Integer>> SCRIPT = List.of(
            Map.entry("RegisterPatient", 201),
            Map.entry("ObtainToken", 200),
            Map.entry("RefreshToken", 401),          // the file holds a placeholder, not a live refresh token
            Map.entry("VerifyToken", 401),           // likewise
            Map.entry("RegisterDoctor", 201),
            Map.entry("RegisterStaff", 201),          // issue 20: an admin registers the front desk
            Map.entry("SearchPatients", 200),         // issue 20: the example patient, found by name
            Map.entry("CreateTimeSlot", 201),
            Map.entry("UpdateTimeSlot", 200),
            Map.entry("DeleteTimeSlot", 204),
            Map.entry("PopulateTimeSlots", 0),       // not an HTTP function: returns what it added
            Map.entry("ListTimeSlots", 200),
            Map.entry("GetTimeSlot", 200),
            Map.entry("DeclareAvailability", 201),
            Map.entry("GetAvailability", 200),
            Map.entry("UpdateAvailability", 200),
            Map.entry("SetWorkingHours", 200),
            Map.entry("GetWorkingHours", 200),
            Map.entry("RollWorkingHours", 0),        // a scheduled event: the example pattern starts after the horizon, nothing to fill
            Map.entry("TakeTimeOff", 201),
            Map.entry("ListTimeOff", 200),
            Map.entry("EndTimeOff", 204),            // the example id swapped for the time off just taken
            Map.entry("ListOpenSlots", 200),
            Map.entry("BookAppointment", 201),
            Map.entry("ListAppointments", 200),
            Map.entry("GetAppointment", 200),
            Map.entry("SearchAppointments", 200),
            Map.entry("JoinWaitlist", 201),
            Map.entry("ListWaitlist", 200),
            Map.entry("AcceptOffer", 409),           // NO_OFFER: the example entry waits, with no slot offered
            Map.entry("DeclineOffer", 409),          // likewise
            Map.entry("LeaveWaitlist", 204),
            Map.entry("SetOfferTimer", 0),           // a bus event, not HTTP: sets the offer's deadline timer
            Map.entry("ExpireOffer", 0),             // the timer's input, not HTTP: the entry is gone, nothing to pass on
            Map.entry("SweepOffers", 0),             // a scheduled event, not HTTP: no lapsed hold, nothing passed on
            Map.entry("RescheduleAppointment", 200),
            Map.entry("GetCalendar", 200),
            Map.entry("CreateCalendarFeed", 201),
            Map.entry("GetCalendarFeed", 200),       // the example token swapped for the one just created
            Map.entry("RevokeCalendarFeed", 204),
            Map.entry("UpdateNotificationPreferences", 200),
            Map.entry("GetNotificationPreferences", 200),
            Map.entry("SetDoctorPolicy", 200),       // the example doctor's own policy: far from the 2030 example slots
            Map.entry("GetDoctorPolicy", 200),
            Map.entry("SetSpecialties", 200),        // the directory (issue 20): the clinic's list first, then the doctor's profile names one
            Map.entry("ListSpecialties", 200),
            Map.entry("SetDoctorProfile", 200),
            Map.entry("GetDoctorProfile", 200),
            Map.entry("ListDoctors", 200),           // the cardiologists whose name starts with "dr": the example doctor
            Map.entry("SetAppointmentStatus", 409),  // NOT_STARTED: the example appointment is in 2030; its doctor may record it from its start
            Map.entry("CancelAppointment", 204),
            Map.entry("DeleteAvailability", 204),
            Map.entry("PublishEvents", 0),           // a stream batch, not HTTP: no failed records, one event on the bus
            Map.entry("RepublishOutbox", 0),         // a scheduled event: everything was published, nothing to do
            Map.entry("Notify", 0),                  // a bus event: the doctor emailed (the patient, who booked, turned own changes off above)
            Map.entry("Remind", 0),                  // a reminder's timer for another start: nothing sent
            Map.entry("DefaultRoute", 308));         // POST /api/appointments/ : redirected to the route without the slash

    private LocalResources stack;
    private final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    void seedTheExampleUsers() {
        stack = TestStack.fresh(getClass());
        UserStore users = new UserStore(stack.app().table());
        users.save(new UserProfile("00000000-0000-4000-8000-00000000d001", Role.DOCTOR, "doctor1", "doctor1@example.com", "Meredith Grey"));
        users.save(new UserProfile("00000000-0000-4000-8000-00000000b001", Role.PATIENT, "patient1", "patient1@example.com", "Pat Jones"));
    }

    @AfterAll
    void stop() {
        stack.delete();
        stack.close();
    }

    @Test
    void thereIsOneEventPerFunctionOfTheTemplate() throws Exception {
        Set<String> files;
        try (var list = Files.list(Repo.root().resolve("events"))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toSet());
        }
        Set<String> functions = CfnTemplate.read(Repo.template()).handlers().keySet();
        assertThat(files).isEqualTo(functions);
        assertThat(SCRIPT.stream().map(Map.Entry::getKey).collect(Collectors.toSet())).isEqualTo(functions);
    }

    @Test
    void eachEventGetsTheAnswerTheContractPromises() throws Exception {
        Map<String, String> handlers = CfnTemplate.read(Repo.template()).handlers();
        for (var step : SCRIPT) {
            String function = step.getKey();
            if (function.equals("PublishEvents")) {
                StreamsEventResponse result = new PublishEvents(stack.app())
                        .handleRequest(EventLoader.loadDynamoDbEvent(Repo.root().resolve("events/PublishEvents.json").toString()), null);
                assertThat(result.getBatchItemFailures()).isEmpty();
                assertThat(stack.events().delivered()).singleElement()
                        .satisfies(e -> assertThat(e.get("detail-type")).isEqualTo("appointment.booked"));
                continue;
            }
            if (function.equals("RepublishOutbox")) {
                assertThat(stack.functions().invoke(function, Files.readString(Repo.root().resolve("events/RepublishOutbox.json"))))
                        .isEqualTo("{\"republished\":0}");
                continue;
            }
            if (function.equals("SetOfferTimer")) {
                assertThat(stack.functions().invoke(function, Files.readString(Repo.root().resolve("events/SetOfferTimer.json"))))
                        .contains("\"set\":true");
                assertThat(stack.scheduler().pending()).anySatisfy(p -> assertThat(p.target()).endsWith("-ExpireOffer"));
                continue;
            }
            if (function.equals("ExpireOffer")) {
                assertThat(stack.functions().invoke(function, Files.readString(Repo.root().resolve("events/ExpireOffer.json"))))
                        .contains("\"done\":true");
                continue;
            }
            if (function.equals("RollWorkingHours")) {
                assertThat(stack.functions().invoke(function, Files.readString(Repo.root().resolve("events/RollWorkingHours.json"))))
                        .contains("\"declared\":0");
                continue;
            }
            if (function.equals("SweepOffers")) {
                assertThat(stack.functions().invoke(function, Files.readString(Repo.root().resolve("events/SweepOffers.json"))))
                        .contains("\"passedOn\":0");
                continue;
            }
            if (function.equals("Notify") || function.equals("Remind")) {
                int before = LocalMail.sent(TestStack.emulator().endpoint()).size();
                stack.functions().invoke(function, swapIds(Files.readString(Repo.root().resolve("events/" + function + ".json"))));
                List<LocalMail.Sent> sent = LocalMail.sent(TestStack.emulator().endpoint());
                assertThat(sent.subList(before, sent.size())).flatExtracting(LocalMail.Sent::to).as(function)
                        .containsExactlyInAnyOrderElementsOf(function.equals("Notify")
                                ? List.of("doctor1@example.com") : List.of());
                continue;
            }
            if (function.equals("PopulateTimeSlots")) {
                Map<String, Object> result = new PopulateTimeSlots(stack.app()).handleRequest(Map.of(), null);
                assertThat(result.get("added")).isEqualTo(24);
                continue;
            }
            APIGatewayV2HTTPResponse response = handler(handlers.get(function)).handleRequest(load(function), null);
            assertThat(response.getStatusCode()).as(function + ": " + response.getBody()).isEqualTo(step.getValue());
            remember(function, response.getBody());
        }
    }

    private void remember(String function, String body) {
        if (function.equals("DeclareAvailability")) {
            List<?> created = (List<?>) Json.parse(body);
            ids.put(EXAMPLE_AVAILABILITY, (String) ((Map<?, ?>) created.get(2)).get("id"));
        } else if (function.equals("CreateCalendarFeed")) {
            String url = (String) ((Map<?, ?>) Json.parse(body)).get("url");
            ids.put(EXAMPLE_FEED_TOKEN, url.substring(url.lastIndexOf('/') + 1, url.length() - ".ics".length()));
        } else if (function.equals("BookAppointment")) {
            ids.put(EXAMPLE_APPOINTMENT, (String) ((Map<?, ?>) Json.parse(body)).get("id"));
        } else if (function.equals("TakeTimeOff")) {
            ids.put(EXAMPLE_TIME_OFF, (String) ((Map<?, ?>) Json.parse(body)).get("id"));
        } else if (function.equals("JoinWaitlist")) {
            ids.put(EXAMPLE_WAITLIST_ENTRY, (String) ((Map<?, ?>) Json.parse(body)).get("id"));
        }
    }

    private String swapIds(String text) {
        for (var id : ids.entrySet()) {
            text = text.replace(id.getKey(), id.getValue());
        }
        return text;
    }

    private APIGatewayV2HTTPEvent load(String function) throws Exception {
        String text = swapIds(Files.readString(Repo.root().resolve("events/" + function + ".json")));
        Path file = Files.createTempFile(function, ".json");
        Files.writeString(file, text);
        try {
            return EventLoader.loadApiGatewayHttpEvent(file.toString());
        } finally {
            Files.delete(file);
        }
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler(String className) throws Exception {
        Class<?> type = Class.forName(className);
        try {
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) type.getConstructor(App.class).newInstance(stack.app());
        } catch (NoSuchMethodException needsNoAws) {
            // the $default route's function reads no AWS resource: Lambda's own no-argument constructor
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) type.getConstructor().newInstance();
        }
    }
}
