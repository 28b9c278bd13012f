package clinic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.OpenSlotOrdering;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import clinic.store.AppointmentStore;
import clinic.store.AvailabilityStore;
import clinic.support.Api;
import clinic.support.EndToEndTest;
import clinic.support.Users.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Every list reads about one page, whatever the clinic's size and the name's history: a clinic of
 * 24 doctors × 12 open slots × 4 days, one doctor with 120 booked appointments, and the items one
 * page reads (ScannedCount, recorded by an SDK interceptor) held to 2 × limit + the partitions
 * walked, for every ordering. Following the cursor returns every item exactly once, in order; a
 * cursor works only for its own query. (Paging while slots are booked and cancelled is
 * {@link PagingWhileBookingTest}: on the emulator, transactions slow down with the table's size.)
 */
class PageBoundedReadsTest extends EndToEndTest {
    private static final int DOCTORS = 24;
    private static final int OPEN_PER_DAY = 12;
    private static final int DAYS = 4;
    private static final int HISTORY = 120;
    private static final AtomicLong ITEMS_READ = new AtomicLong();
    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong ITEMS_LOOKED_UP = new AtomicLong();

    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final LocalDate first = today.plusDays(2);
    private final LocalDate last = first.plusDays(DAYS - 1);
    private final List<Availability> open = new ArrayList<>();
    private final List<Appointment> history = new ArrayList<>();
    private User casey;
    private User admin;
    private User nobody;
    private User patient;

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                CALLS.incrementAndGet();
                if (context.response() instanceof QueryResponse query) {
                    ITEMS_READ.addAndGet(query.scannedCount());
                } else if (context.response() instanceof BatchGetItemResponse batch) {
                    batch.responses().values().forEach(items -> ITEMS_LOOKED_UP.addAndGet(items.size()));
                }
            }
        });
    }

    @BeforeAll
    void fillALargeClinic() {
        casey = users.doctor("Casey Common");
        admin = users.admin();
        nobody = users.patient("Nora None");
        patient = users.patient("Pat Jones");
        List<TimeSlot> slots = stack.app().timeSlots().list();
        String[] names = {"Ann Baker", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox", "Flo Gray", "Gus Hill", "Hal Ito"};
        for (int d = 0; d < DOCTORS; d++) {
            UserRef doctor = new UserRef(UUID.randomUUID().toString(), "bulk" + d, names[d % names.length] + " " + d);
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                for (int s = 0; s < OPEN_PER_DAY; s++) {
                    open.add(new Availability(UUID.randomUUID().toString(), doctor, day, slots.get(s), Availability.Status.OPEN, null));
                }
            }
        }
        UserRef caseyRef = new UserRef(casey.id(), casey.username(), casey.name());
        List<Availability> caseys = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (int s = OPEN_PER_DAY; s < 24; s++) {
                caseys.add(new Availability(UUID.randomUUID().toString(), caseyRef, day, slots.get(s),
                        s < OPEN_PER_DAY + 2 ? Availability.Status.CLOSED : Availability.Status.OPEN, null));
            }
        }
        caseys.stream().filter(Availability::isOpen).forEach(open::add);
        for (int i = 0; i < HISTORY; i++) {
            UserRef someone = new UserRef(UUID.randomUUID().toString(), "hist" + i, "History Patient " + i);
            history.add(new Appointment(UUID.randomUUID().toString(), someone, caseyRef, today.plusDays(10 + i / 24),
                    slots.get(i % 24), Appointment.Status.BOOKED, Instant.now()));
        }
        AvailabilityStore availabilities = new AvailabilityStore(stack.app().table());
        availabilities.bulkLoad(open.stream().filter(a -> !a.doctor().id().equals(casey.id())).toList());
        availabilities.bulkLoad(caseys);
        new AppointmentStore(stack.app().table()).bulkLoad(history);
    }

    /**
     * What one request cost: calls to DynamoDB, items read from indexes (ScannedCount), and items
     * looked up by key (a schedule's BatchGetItem of the page's booked appointments).
     */
    private record Cost(int calls, long itemsRead, long itemsLookedUp) {}

    private record Fetched(Api.Reply reply, Cost cost) {}

    private Fetched fetch(String path, User caller) {
        long calls = CALLS.get();
        long items = ITEMS_READ.get();
        long lookedUp = ITEMS_LOOKED_UP.get();
        var reply = api.get(path, caller.token());
        assertThat(reply.status()).as(path + " -> " + reply).isEqualTo(200);
        return new Fetched(reply, new Cost((int) (CALLS.get() - calls), ITEMS_READ.get() - items, ITEMS_LOOKED_UP.get() - lookedUp));
    }

    /** Follows the Link header from the first page to the last, checking each page's cost; returns every id seen. */
    private List<Object> everyPage(String path, User caller, int limit) {
        List<Object> ids = new ArrayList<>();
        String next = path + (path.contains("?") ? "&" : "?") + "limit=" + limit;
        while (next != null) {
            Fetched page = fetch(next, caller);
            assertReadAboutOnePage(next, page.cost(), limit);
            page.reply().array().forEach(item -> ids.add(item.get("id")));
            next = page.reply().header("Link").map(OpenSlotsTest::nextLink).orElse(null);
        }
        return ids;
    }

    private static void assertReadAboutOnePage(String path, Cost cost, int limit) {
        assertThat(cost.itemsRead()).as("items read for one page of " + path + " in " + cost.calls() + " calls")
                .isLessThanOrEqualTo(2L * limit + cost.calls());
        assertThat(cost.itemsLookedUp()).as("items looked up for one page of " + path).isLessThanOrEqualTo(limit);
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private List<Object> expectedOpen(String ordering, Predicate<Availability> filter) {
        return open.stream().filter(filter).sorted(OpenSlotOrdering.parse(ordering).comparator()).map(a -> (Object) a.id()).toList();
    }

    private String window() {
        return "/api/availabilities/?from=" + first + "&to=" + last;
    }

    @Test
    void onePageOfOpenSlotsReadsAboutAPageForEveryOrderingAndFilter() {
        for (String ordering : OpenSlotOrdering.names()) {
            for (String filter : List.of("from=" + first + "&to=" + last, "date=" + first.plusDays(1), "doctor=" + casey.id(), "")) {
                String path = "/api/availabilities/?limit=10&ordering=" + q(ordering) + (filter.isEmpty() ? "" : "&" + filter);
                Fetched page = fetch(path, patient);
                assertThat(page.reply().array()).as(path).hasSize(10);
                assertReadAboutOnePage(path, page.cost(), 10);
                Fetched second = fetch(OpenSlotsTest.nextLink(page.reply().header("Link").orElseThrow()), patient);
                assertThat(second.reply().array()).as(path).hasSize(10);
                assertReadAboutOnePage(path + " (page 2)", second.cost(), 10);
            }
        }
    }

    /**
     * The open list of one specialty (the doctors' directory, issue 20): half the clinic's doctors
     * name it. Each page reads at most the read budget from the index and looks up at most one mark
     * per doctor it read, whatever the number of doctors; following the cursor gives exactly that
     * specialty's open slots, once each, in order, for every ordering.
     */
    @Test
    void onePageOfASpecialtysOpenSlotsReadsAboutAPageAndTheCursorGivesEachOfThemOnce() {
        assertThat(api.put("/api/specialties", admin.token(), List.of("cardiology")).status()).isEqualTo(200);
        var directory = new clinic.store.DirectoryStore(stack.app().table());
        Set<String> cardiologists = new HashSet<>();
        List<UserRef> doctors = open.stream().map(Availability::doctor).filter(d -> !d.id().equals(casey.id())).distinct().toList();
        for (int i = 0; i < doctors.size(); i += 2) {
            UserRef doctor = doctors.get(i);
            var account = new clinic.domain.UserProfile(doctor.id(), clinic.domain.Role.DOCTOR, doctor.username(),
                    doctor.username() + "@example.com", doctor.name());
            directory.save(new clinic.store.DirectoryStore.Read(java.util.Optional.of(account), java.util.Optional.empty()),
                    new clinic.domain.DoctorProfile(doctor.id(), doctor.name(), List.of("cardiology"), List.of(), null));
            cardiologists.add(doctor.id());
        }
        var casey = api.put("/api/doctors/" + this.casey.id() + "/profile", this.casey.token(),
                Map.of("display_name", "Casey Common", "specialties", List.of("cardiology"), "languages", List.of(), "bio", "x"));
        assertThat(casey.status()).as(casey.toString()).isEqualTo(200);
        cardiologists.add(this.casey.id());
        assertThat(cardiologists).hasSize(DOCTORS / 2 + 1);

        for (String ordering : OpenSlotOrdering.names()) {
            int limit = 7;
            List<Object> ids = new ArrayList<>();
            String next = window() + "&specialty=cardiology&ordering=" + q(ordering) + "&limit=" + limit;
            while (next != null) {
                Fetched page = fetch(next, patient);
                assertThat(page.cost().itemsRead()).as("index items read for one page of " + next)
                        .isLessThanOrEqualTo(2L * limit + page.cost().calls());
                assertThat(page.cost().itemsLookedUp()).as("doctors' marks looked up for one page of " + next)
                        .isLessThanOrEqualTo(2L * limit + 1);
                page.reply().array().forEach(item -> ids.add(item.get("id")));
                next = page.reply().header("Link").map(OpenSlotsTest::nextLink).orElse(null);
            }
            assertThat(ids).as(ordering).isEqualTo(expectedOpen(ordering, a -> cardiologists.contains(a.doctor().id())));
        }
    }

    @Test
    void followingTheCursorReturnsEveryOpenSlotOnceInOrderForEveryOrdering() {
        for (String ordering : OpenSlotOrdering.names()) {
            assertThat(everyPage(window() + "&ordering=" + q(ordering), patient, 250)).as(ordering)
                    .isEqualTo(expectedOpen(ordering, a -> true));
            assertThat(everyPage("/api/availabilities/?doctor=" + casey.id() + "&ordering=" + q(ordering), patient, 7)).as(ordering)
                    .isEqualTo(expectedOpen(ordering, a -> a.doctor().id().equals(casey.id())));
            LocalDate day = first.plusDays(1);
            assertThat(everyPage("/api/availabilities/?date=" + day + "&ordering=" + q(ordering), patient, 100)).as(ordering)
                    .isEqualTo(expectedOpen(ordering, a -> a.date().equals(day)));
        }
    }

    @Test
    void aDoctorsScheduleReadsAboutAPageAndListsEverythingOnce() {
        String path = "/api/availabilities/?doctor=" + casey.id() + "&status=open,closed,booked&from=" + first
                + "&to=" + today.plusDays(20);
        Fetched page = fetch(path + "&limit=10", casey);
        assertThat(page.reply().array()).hasSize(10);
        assertReadAboutOnePage(path, page.cost(), 10);
        List<Object> all = everyPage(path, casey, 25);
        assertThat(all).hasSize(DAYS * (24 - OPEN_PER_DAY) + HISTORY).doesNotHaveDuplicates();
        everyPage("/api/availabilities/?doctor=" + casey.id() + "&status=booked&from=" + first + "&to=" + today.plusDays(20), admin, 10);
    }

    @Test
    void searchReadsAboutAPageWhateverTheNamesHistory() {
        Fetched byAdmin = fetch("/api/appointments/search/?doctor=casey&limit=10", admin);
        assertThat(byAdmin.reply().array()).hasSize(10);
        assertReadAboutOnePage("admin's search", byAdmin.cost(), 10);
        Fetched byDoctor = fetch("/api/appointments/search/?patient=history&limit=10", casey);
        assertThat(byDoctor.reply().array()).hasSize(10);
        assertReadAboutOnePage("doctor's search", byDoctor.cost(), 10);
        Fetched byOwnName = fetch("/api/appointments/search/?doctor=common&patient=hist&limit=10", casey);
        assertThat(byOwnName.reply().array()).hasSize(10);
        assertReadAboutOnePage("doctor's search by own name", byOwnName.cost(), 10);
        Fetched byStranger = fetch("/api/appointments/search/?doctor=casey&limit=10", nobody);
        assertThat(byStranger.reply().array()).isEmpty();
        assertThat(byStranger.cost().itemsRead()).as("a patient with no appointments reads nothing").isZero();
        Fetched both = fetch("/api/appointments/search/?doctor=casey&patient=history%20patient%2023&limit=10", admin);
        assertReadAboutOnePage("admin's search by both names", both.cost(), 10);

        List<Object> expected = history.stream().sorted(Comparator.comparing(Appointment::date)
                .thenComparing(a -> a.slot().start()).thenComparing(Appointment::id)).map(a -> (Object) a.id()).toList();
        assertThat(everyPage("/api/appointments/search/?doctor=casey", admin, 50)).isEqualTo(expected);
        assertThat(everyPage("/api/appointments/search/?doctor=cas&patient=pat", casey, 50)).isEqualTo(expected);
        List<Object> both23 = everyPage("/api/appointments/search/?doctor=casey&patient=history%20patient%2023", admin, 10);
        assertThat(both23).containsExactly(history.get(23).id());
    }

    @Test
    void theAdminsListReadsAboutAPageAndWalksTheMonthsInOrder() {
        String path = "/api/appointments/?from=" + today.plusDays(10) + "&to=" + today.plusDays(30);
        Fetched page = fetch(path + "&limit=10", admin);
        assertThat(page.reply().array()).hasSize(10);
        assertReadAboutOnePage(path, page.cost(), 10);
        List<Object> expected = history.stream().sorted(Comparator.comparing(Appointment::date)
                .thenComparing(a -> a.slot().start()).thenComparing(Appointment::id)).map(a -> (Object) a.id()).toList();
        assertThat(everyPage(path, admin, 50)).isEqualTo(expected);
        assertReadAboutOnePage("default window", fetch("/api/appointments/?limit=10", admin).cost(), 10);
    }

    @Test
    void aCursorWorksOnlyForTheQueryThatIssuedIt() {
        String cursor = cursorOf(fetch(window() + "&limit=5", patient).reply());
        for (String other : List.of(window() + "&ordering=-date", "/api/availabilities/?from=" + first + "&to=" + last.plusDays(1),
                window() + "&doctor=" + casey.id(), "/api/availabilities/?date=" + first, window() + "&status=open")) {
            refused(other + "&limit=5&cursor=" + cursor, patient);
        }
        refused(window() + "&limit=5&cursor=" + cursor, nobody);
        assertThat(fetch(window() + "&limit=5&cursor=" + cursor, patient).reply().array()).hasSize(5);

        String search = cursorOf(fetch("/api/appointments/search/?doctor=casey&limit=5", admin).reply());
        refused("/api/appointments/search/?doctor=cas&limit=5&cursor=" + search, admin);
        refused("/api/appointments/search/?doctor=casey&patient=hist&limit=5&cursor=" + search, admin);
        refused("/api/appointments/search/?patient=hist&limit=5&cursor=" + search, casey);
        refused("/api/appointments/?limit=5&cursor=" + search, admin);

        String list = cursorOf(fetch("/api/appointments/?from=" + today + "&limit=5", admin).reply());
        refused("/api/appointments/?from=" + today.plusDays(1) + "&limit=5&cursor=" + list, admin);
        refused("/api/appointments/?from=" + today + "&status=booked&limit=5&cursor=" + list, admin);
        refused(window() + "&limit=5&cursor=" + list, admin);
    }

    private static String cursorOf(Api.Reply reply) {
        String next = OpenSlotsTest.nextLink(reply.header("Link").orElseThrow());
        return next.replaceAll(".*[?&]cursor=([^&]+).*", "$1");
    }

    private void refused(String path, User caller) {
        var reply = api.get(path, caller.token());
        assertThat(reply.status()).as(path).isEqualTo(400);
        assertThat(reply.fields()).as(path).containsKey("cursor");
    }

    /**
     * Issue 20: staff's patient search reads about a page of one name partition, however many
     * patients share it and however few of them the rest of the term keeps, and its cursor lists
     * each patient once.
     */
    @Test
    void thePatientSearchReadsAboutAPageOfOnePartition() {
        clinic.store.UserStore profiles = new clinic.store.UserStore(stack.app().table());
        List<Object> zoes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = UUID.randomUUID().toString();
            // Every one of them has two words in the "zo" partition: each is still listed once.
            profiles.save(new clinic.domain.UserProfile(id, clinic.domain.Role.PATIENT, "zoe" + i, "zoe" + i + "@example.com",
                    "Zoe Zola Mill" + i));
            zoes.add(id);
        }
        Fetched filtered = fetch("/api/patients?q=" + q("zo mill7") + "&limit=10", admin);
        assertReadAboutOnePage("a filtered patient search", filtered.cost(), 10);
        assertThat(filtered.cost().calls()).isEqualTo(1);
        List<Object> every = everyPage("/api/patients?q=zo", admin, 10);
        assertThat(every).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(zoes);
        List<Object> mill7 = everyPage("/api/patients?q=" + q("zoe mill7"), admin, 5);
        assertThat(mill7).hasSize(1);
    }
}
