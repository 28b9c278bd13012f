package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Appointment;
import clinic.domain.PageRequest;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.store.AppointmentStore;
import clinic.support.EndToEndTest;
import clinic.support.SdkFaults;
import clinic.support.Users.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * DynamoDB takes at most 100 keys in one BatchGetItem and may leave some unread (UnprocessedKeys,
 * when a reply would pass 16 MB or the table is busy). A doctor's schedule of booked slots looks up
 * the page's appointments by key: a page of 500 with more than 100 of them booked must still be one
 * answer of 200, its look-ups split 100 keys to a call, and keys left unread read again.
 */
class BatchReadsTest extends EndToEndTest {
    private static final int BOOKED = 130;

    private final SdkFaults faults = new SdkFaults();
    private final List<Appointment> booked = new ArrayList<>();
    private User doctor;
    private User admin;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults);
    }

    @BeforeAll
    void bookMoreThanAHundredSlotsOfOneDoctor() {
        doctor = users.doctor("Busy Doctor");
        admin = users.admin();
        UserRef doctorRef = new UserRef(doctor.id(), doctor.username(), doctor.name());
        List<TimeSlot> slots = stack.app().timeSlots().list();
        LocalDate first = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        for (int i = 0; i < BOOKED; i++) {
            UserRef patient = new UserRef(UUID.randomUUID().toString(), "many" + i, "Many Patient " + i);
            booked.add(new Appointment(UUID.randomUUID().toString(), patient, doctorRef, first.plusDays(i / 24),
                    slots.get(i % 24), Appointment.Status.BOOKED, Instant.now()));
        }
        new AppointmentStore(stack.app().table()).bulkLoad(booked);
    }

    @BeforeEach
    void clear() {
        faults.clear();
    }

    private String schedule(int limit) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "/api/availabilities/?doctor=" + doctor.id() + "&status=booked&from=" + today + "&to=" + today.plusDays(30)
                + "&limit=" + limit;
    }

    /** Appointment id to patient id, as the schedule lists them. */
    private Map<Object, Object> patientsListed(User caller, int limit) {
        var reply = api.get(schedule(limit), caller.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        Map<Object, Object> patients = new HashMap<>();
        reply.array().forEach(a -> patients.put(a.get("appointment"), a.get("patient")));
        return patients;
    }

    private Map<Object, Object> expected() {
        Map<Object, Object> patients = new HashMap<>();
        booked.forEach(a -> patients.put(a.id(), a.patient().id()));
        return patients;
    }

    @Test
    void aScheduleOfMoreThanAHundredBookedSlotsIsOnePageAtTheLargestLimitWithEveryPatient() {
        assertThat(patientsListed(doctor, PageRequest.MAX_LIMIT)).isEqualTo(expected());
        assertThat(patientsListed(admin, PageRequest.MAX_LIMIT)).isEqualTo(expected());
        // Split 100 keys to a call: 130 keys are two look-ups, never one more than a page needs.
        assertThat(faults.calls().stream().filter("BatchGetItem"::equals).count()).isEqualTo(4);
    }

    @Test
    void keysDynamoDbLeavesUnreadAreReadAgain() {
        // The first look-up answers only its first key read and leaves the rest unprocessed, as DynamoDB may.
        var leftUnread = faults.on("BatchGetItem").once().thenAnswer(response -> unprocessedAllButOne(
                (BatchGetItemResponse) response));
        assertThat(patientsListed(doctor, PageRequest.MAX_LIMIT)).isEqualTo(expected());
        assertThat(leftUnread.injected()).isEqualTo(1);
    }

    /** The response with all but one of each table's items moved to UnprocessedKeys (as their keys). */
    private static BatchGetItemResponse unprocessedAllButOne(BatchGetItemResponse response) {
        Map<String, List<Map<String, AttributeValue>>> kept = new HashMap<>();
        Map<String, KeysAndAttributes> unprocessed = new HashMap<>();
        response.responses().forEach((table, items) -> {
            kept.put(table, items.subList(0, Math.min(1, items.size())));
            List<Map<String, AttributeValue>> keys = items.stream().skip(1)
                    .map(item -> Map.of("PK", item.get("PK"), "SK", item.get("SK"))).toList();
            if (!keys.isEmpty()) {
                unprocessed.put(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            }
        });
        return response.toBuilder().responses(kept).unprocessedKeys(unprocessed).build();
    }

    @Test
    void everyListAnswersAtTheLargestLimitItAccepts() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String window = "from=" + today + "&to=" + today.plusDays(30) + "&limit=" + PageRequest.MAX_LIMIT;
        for (String path : List.of("/api/availabilities/?doctor=" + doctor.id() + "&status=open,closed,booked,held&" + window,
                "/api/availabilities/?" + window, "/api/appointments/?" + window, "/api/appointments/?limit=" + PageRequest.MAX_LIMIT,
                "/api/appointments/search/?doctor=busy&limit=" + PageRequest.MAX_LIMIT,
                "/api/timeslots/?limit=" + PageRequest.MAX_LIMIT)) {
            var reply = api.get(path, admin.token());
            assertThat(reply.status()).as(path + " -> " + reply).isEqualTo(200);
        }
        var reply = api.get("/api/appointments/?" + window, doctor.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }
}
