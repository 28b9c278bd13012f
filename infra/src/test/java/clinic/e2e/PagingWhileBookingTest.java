package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Availability;
import clinic.domain.OpenSlotOrdering;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.store.AvailabilityStore;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Following the cursor while slots are booked and cancelled between pages: a slot may appear or
 * vanish, but none is listed twice, the order holds, and every slot nobody touched is listed.
 */
class PagingWhileBookingTest extends EndToEndTest {
    private final LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(3);
    private final List<Availability> open = new ArrayList<>();
    private User patient;

    @BeforeAll
    void fill() {
        patient = users.patient("Pat Paging");
        List<TimeSlot> slots = stack.app().timeSlots().list();
        String[] names = {"Ann Baker", "Bo Chen", "Cy Diaz", "Amy", "Amy Young", "Di Evans", "Ed Fox", "Flo Gray"};
        for (String name : names) {
            UserRef doctor = new UserRef(UUID.randomUUID().toString(), name.toLowerCase().replace(' ', '.'), name);
            for (int s = 0; s < 12; s++) {
                open.add(new Availability(UUID.randomUUID().toString(), doctor, day, slots.get(s), Availability.Status.OPEN, null));
            }
        }
        new AvailabilityStore(stack.app().table()).bulkLoad(open);
    }

    @Test
    void slotsBookedAndCancelledBetweenPagesMayComeOrGoButNeverRepeat() {
        for (String ordering : OpenSlotOrdering.names()) {
            List<Availability> walkOrder = open.stream().sorted(OpenSlotOrdering.parse(ordering).comparator()).toList();
            Set<Integer> slotsUsed = new HashSet<>(); // the patient may hold one booking per (date, slot)
            Availability reopened = pick(walkOrder, 60, slotsUsed); // booked before the walk, cancelled during it
            Availability early = pick(walkOrder, 3, slotsUsed); // on the first page, booked after it was seen
            Availability late = pick(walkOrder, 80, slotsUsed); // booked before the walk reaches it
            var held = booked(patient, doctorOf(reopened), day.toString(), reopened.slot().id());
            Set<Object> touched = Set.of(early.id(), late.id(), reopened.id());

            List<Object> seen = new ArrayList<>();
            List<Map<String, Object>> bookings = new ArrayList<>();
            String next = "/api/availabilities/?date=" + day + "&limit=10&ordering=" + URLEncoder.encode(ordering, StandardCharsets.UTF_8);
            for (int page = 0; next != null; page++) {
                var reply = api.get(next, patient.token());
                assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                reply.array().forEach(item -> seen.add(item.get("id")));
                next = reply.header("Link").map(OpenSlotsTest::nextLink).orElse(null);
                if (page == 0) {
                    bookings.add(booked(patient, doctorOf(early), day.toString(), early.slot().id()));
                    bookings.add(booked(patient, doctorOf(late), day.toString(), late.slot().id()));
                    assertThat(api.delete("/api/appointments/" + held.get("id") + "/", patient.token()).status()).isEqualTo(204);
                }
            }
            List<Object> expected = walkOrder.stream().map(a -> (Object) a.id()).toList();
            assertThat(new HashSet<>(seen)).as(ordering + ": no slot listed twice").hasSize(seen.size());
            assertThat(seen).as(ordering + ": in order").isEqualTo(expected.stream().filter(seen::contains).toList());
            assertThat(seen).as(ordering + ": every slot nobody touched")
                    .containsAll(expected.stream().filter(id -> !touched.contains(id)).toList());
            assertThat(seen).as(ordering).contains(early.id(), reopened.id()).doesNotContain(late.id());
            for (var booking : bookings) {
                assertThat(api.delete("/api/appointments/" + booking.get("id") + "/", patient.token()).status()).isEqualTo(204);
            }
        }
        assertAuditClean();
    }

    private static Availability pick(List<Availability> walkOrder, int from, Set<Integer> slotsUsed) {
        for (int i = from; ; i++) {
            if (slotsUsed.add(walkOrder.get(i).slot().id())) {
                return walkOrder.get(i);
            }
        }
    }

    private static User doctorOf(Availability availability) {
        return new User(availability.doctor().id(), availability.doctor().username(), availability.doctor().name(), null, null);
    }
}
