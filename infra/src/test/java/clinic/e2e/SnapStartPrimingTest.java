package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import clinic.http.ApiHandler;
import clinic.http.Json;
import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import clinic.support.EndToEndTest;
import clinic.support.LogCapture;
import clinic.support.SdkFaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.crac.Resource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart's hooks as Lambda runs them before a snapshot: every handler primes its own hot path
 * against the real emulator and writes nothing, and a hook never throws, even when IAM refuses
 * every call (as it would the day a grant is missing).
 */
class SnapStartPrimingTest extends EndToEndTest {
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

    /** Records the calls and those answered; refuses every call, as IAM would, when told. */
    private final SdkFaults faults = new SdkFaults();

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults);
    }

    @Test
    void everyHandlerPrimesItsOwnHotPathAndWritesNothing() {
        var before = items();
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> primingCalls = new java.util.TreeMap<>();
        for (String handler : handlers()) {
            faults.forgetCalls();
            int mark = LogCapture.mark();
            prime(handler);
            List<Map<String, Object>> lines = LogCapture.since(mark).stream().map(SnapStartPrimingTest::parse).toList();
            List<String> calls = faults.calls();
            primingCalls.put(handler.substring(handler.lastIndexOf('.') + 1), calls);
            if (calls.stream().anyMatch(WRITES::contains) || faults.answered().contains("TransactWriteItems")) {
                problems.add(handler + " wrote: " + calls);
            }
            if (lines.stream().noneMatch(line -> Boolean.TRUE.equals(line.get("priming")))) {
                problems.add(handler + " sent no priming request");
            }
            lines.stream().filter(line -> !"INFO".equals(line.get("level")))
                    .forEach(line -> problems.add(handler + " logged " + line));
        }
        assertThat(problems).isEmpty();
        assertThat(items()).as("the table after priming every handler").isEqualTo(before);
        assertThat(primingCalls).as("each handler's priming reaches its own read").isEqualTo(PRIMING_CALLS);
    }

    /**
     * The calls each handler's priming makes: its own read (and a booking's refused write), so the
     * snapshot holds those paths. A priming that stopped before its read would fail here.
     */
    private static final Map<String, List<String>> PRIMING_CALLS = new java.util.TreeMap<>(Map.ofEntries(
            Map.entry("BookAppointment", List.of("BatchGetItem", "TransactWriteItems")), // the write refused by its one condition
            Map.entry("RescheduleAppointment", List.of("BatchGetItem")), Map.entry("CancelAppointment", List.of("GetItem")),
            Map.entry("SetAppointmentStatus", List.of("GetItem")),
            Map.entry("GetAppointment", List.of("GetItem")), Map.entry("ListAppointments", List.of("Query")),
            Map.entry("SearchAppointments", List.of("Query")), Map.entry("SearchPatients", List.of("Query")),
            Map.entry("DeclareAvailability", List.of("GetItem")), Map.entry("GetAvailability", List.of("GetItem")),
            Map.entry("UpdateAvailability", List.of("GetItem")), Map.entry("DeleteAvailability", List.of("GetItem")),
            Map.entry("ListOpenSlots", List.of("Query", "Query")), // a patient's list: the doctors' policies, then the slots
            Map.entry("GetDoctorPolicy", List.of("BatchGetItem")), Map.entry("GetDoctorProfile", List.of("BatchGetItem")),
            Map.entry("ListSpecialties", List.of("Query")), Map.entry("ListDoctors", List.of("Query", "Query")), // by name, by specialty
            Map.entry("GetTimeSlot", List.of("GetItem")), Map.entry("ListTimeSlots", List.of("GetItem")),
            Map.entry("SetWorkingHours", List.of("GetItem")), Map.entry("GetWorkingHours", List.of("GetItem")),
            Map.entry("TakeTimeOff", List.of("GetItem")), Map.entry("ListTimeOff", List.of("GetItem")),
            Map.entry("EndTimeOff", List.of("GetItem")),
            Map.entry("JoinWaitlist", List.of("GetItem")), Map.entry("LeaveWaitlist", List.of("GetItem")), Map.entry("ListWaitlist", List.of("Query")),
            Map.entry("AcceptOffer", List.of("GetItem")), Map.entry("DeclineOffer", List.of("GetItem")),
            Map.entry("GetCalendar", List.of("Query")), Map.entry("GetCalendarFeed", List.of("GetItem")),
            Map.entry("RevokeCalendarFeed", List.of("GetItem")), Map.entry("GetNotificationPreferences", List.of("GetItem")),
            Map.entry("ObtainToken", List.of("InitiateAuth")), Map.entry("RefreshToken", List.of("InitiateAuth")),
            // Writers whose first call would write (or whose id names no slot), primed up to validation.
            Map.entry("CreateCalendarFeed", List.of()), Map.entry("CreateTimeSlot", List.of()), Map.entry("UpdateTimeSlot", List.of()),
            Map.entry("DeleteTimeSlot", List.of()), Map.entry("RegisterDoctor", List.of()), Map.entry("RegisterPatient", List.of()),
            Map.entry("RegisterStaff", List.of()),
            Map.entry("UpdateNotificationPreferences", List.of()), Map.entry("SetDoctorPolicy", List.of()),
            Map.entry("SetSpecialties", List.of()), Map.entry("SetDoctorProfile", List.of()),
            // No SDK call at all: tokens are verified against the pool's keys, the default route only answers.
            Map.entry("VerifyToken", List.of()), Map.entry("DefaultRoute", List.of())));

    @Test
    void aSnapshotHookCompletesAndLogsWhenIamRefusesEveryCall() {
        List<String> silent = new ArrayList<>();
        var denied = faults.onAnyCall().thenThrow(call -> SdkFaults.serviceError(call, 400, "AccessDeniedException",
                "User is not authorized to perform: " + call.operation() + " (injected)"));
        try {
            for (String handler : handlers()) {
                faults.forgetCalls();
                int mark = LogCapture.mark();
                assertThatCode(() -> prime(handler)).as(handler).doesNotThrowAnyException();
                boolean loggedError = LogCapture.since(mark).stream().map(SnapStartPrimingTest::parse)
                        .anyMatch(line -> "ERROR".equals(line.get("level")) && String.valueOf(line.get("stack")).contains("not authorized"));
                if (!faults.calls().isEmpty() && !loggedError) {
                    silent.add(handler);
                }
            }
        } finally {
            faults.clear();
        }
        assertThat(silent).as("handlers whose refused priming left no ERROR line").isEmpty();
        assertThat(denied.injected()).as("calls refused").isPositive();
    }

    /** Each handler's success views, by simple class name; the handlers whose success body is not a record of ours have none. */
    private static final Map<String, Set<String>> SUCCESS_VIEWS = Map.ofEntries(
            Map.entry("BookAppointment", Set.of("AppointmentView")), Map.entry("GetAppointment", Set.of("AppointmentView")),
            Map.entry("RescheduleAppointment", Set.of("AppointmentView")), Map.entry("ListAppointments", Set.of("AppointmentView")),
            Map.entry("SearchAppointments", Set.of("AppointmentView")), Map.entry("SearchPatients", Set.of("PatientView")),
            Map.entry("SetAppointmentStatus", Set.of("AppointmentView")),
            Map.entry("DeclareAvailability", Set.of("AvailabilityView")), Map.entry("GetAvailability", Set.of("AvailabilityView")),
            Map.entry("UpdateAvailability", Set.of("AvailabilityView")),
            Map.entry("SetWorkingHours", Set.of("ChangedView")), Map.entry("GetWorkingHours", Set.of("PatternsView")),
            Map.entry("TakeTimeOff", Set.of("TakenView")), Map.entry("ListTimeOff", Set.of("ListView")),
            Map.entry("ListOpenSlots", Set.of("AvailabilityView", "ScheduledView")),
            Map.entry("CreateTimeSlot", Set.of("TimeSlotView")), Map.entry("GetTimeSlot", Set.of("TimeSlotView")),
            Map.entry("UpdateTimeSlot", Set.of("TimeSlotView")), Map.entry("ListTimeSlots", Set.of("TimeSlotView")),
            Map.entry("JoinWaitlist", Set.of("EntryView")), Map.entry("ListWaitlist", Set.of("EntryView")),
            Map.entry("AcceptOffer", Set.of("AppointmentView")),
            Map.entry("RegisterDoctor", Set.of("RegistrationView")), Map.entry("RegisterPatient", Set.of("RegistrationView")),
            Map.entry("RegisterStaff", Set.of("RegistrationView")),
            Map.entry("ObtainToken", Set.of("Tokens")), Map.entry("RefreshToken", Set.of("Tokens")),
            Map.entry("GetNotificationPreferences", Set.of("PreferencesView")),
            Map.entry("UpdateNotificationPreferences", Set.of("PreferencesView")),
            Map.entry("GetDoctorPolicy", Set.of("PolicyView")), Map.entry("SetDoctorPolicy", Set.of("PolicyView")),
            Map.entry("GetDoctorProfile", Set.of("ProfileView")), Map.entry("SetDoctorProfile", Set.of("ProfileView")),
            Map.entry("ListDoctors", Set.of("ProfileView")),
            Map.entry("ListSpecialties", Set.of()), Map.entry("SetSpecialties", Set.of()), // a JSON array of strings
            // A map body, a 204, a text/calendar body or only 404s: no record of ours to prime.
            Map.entry("VerifyToken", Set.of()), Map.entry("CreateCalendarFeed", Set.of()),
            Map.entry("CancelAppointment", Set.of()), Map.entry("DeleteAvailability", Set.of()), Map.entry("DeleteTimeSlot", Set.of()),
            Map.entry("EndTimeOff", Set.of()),
            Map.entry("LeaveWaitlist", Set.of()), Map.entry("DeclineOffer", Set.of()), Map.entry("RevokeCalendarFeed", Set.of()), Map.entry("GetCalendar", Set.of()),
            Map.entry("GetCalendarFeed", Set.of()), Map.entry("DefaultRoute", Set.of()));

    /**
     * The priming requests are refused, so they only write error bodies; each handler also writes
     * its success views (from samples, nothing stored) so their serializers exist before the snapshot.
     */
    @Test
    void everyHandlerWritesItsOwnSuccessViewsWhilePriming() {
        List<String> problems = new ArrayList<>();
        for (String handler : handlers()) {
            ApiHandler function = (ApiHandler) IamGrantsTest.handlerOf(handler, stack.app());
            String name = function.getClass().getSimpleName();
            function.beforeCheckpoint(null);
            for (Object view : function.sampleViews()) {
                // Json walks plain records itself; it must write exactly what the mapper writes.
                if (!clinic.http.Json.write(view).equals(clinic.http.Json.writtenByMapper(view))) {
                    problems.add(name + "'s " + view.getClass().getSimpleName() + " is written as " + clinic.http.Json.write(view)
                            + ", the mapper writes " + clinic.http.Json.writtenByMapper(view));
                }
            }
            Set<String> primed = function.primedViews().stream().map(Class::getSimpleName).collect(Collectors.toSet());
            if (!SUCCESS_VIEWS.containsKey(name)) {
                problems.add(name + " is not in SUCCESS_VIEWS: say which views it answers with");
            } else if (!primed.containsAll(SUCCESS_VIEWS.get(name))) {
                problems.add(name + " primed " + primed + ", not its views " + SUCCESS_VIEWS.get(name));
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The template's handlers with a snapshot hook: every HTTP one (PopulateTimeSlots, run once per deploy, has none). */
    private List<String> handlers() {
        List<String> hooked = CfnTemplate.read(Repo.template()).handlers().values().stream().distinct().sorted()
                .filter(handler -> IamGrantsTest.handlerOf(handler, stack.app()) instanceof Resource).toList();
        assertThat(hooked).hasSizeGreaterThan(15);
        return hooked;
    }

    /** Runs the handler's beforeCheckpoint hook as the CRaC runtime would. */
    private void prime(String handler) {
        try {
            ((Resource) IamGrantsTest.handlerOf(handler, stack.app())).beforeCheckpoint(null);
        } catch (Exception e) {
            throw new AssertionError(handler + "'s snapshot hook threw", e);
        }
    }

    private Set<Map<String, AttributeValue>> items() {
        return stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName()).consistentRead(true)).items()
                .stream().collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        return (Map<String, Object>) Json.parse(line);
    }
}
