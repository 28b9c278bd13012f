package clinic.support;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.Audit;
import clinic.infra.LocalApi;
import clinic.infra.LocalResources;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** A test class with its own resources on the shared emulator, served over HTTP by the local API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EndToEndTest {
    protected LocalResources stack;
    protected LocalApi server;
    protected Api api;
    protected Users users;

    private final AtomicInteger days = new AtomicInteger();

    @BeforeAll
    void startStack() {
        stack = TestStack.fresh(getClass(), interceptors(), zone(), settings());
        server = TestStack.serve(stack);
        api = new Api(server.url());
        users = new Users(stack.app());
        if (populateTimeSlots()) {
            stack.app().timeSlots().populate();
        }
    }

    /** Whether the class starts with the 24 standard time slots (ids 1-24, 09:00-21:00). */
    protected boolean populateTimeSlots() {
        return true;
    }

    /** The clinic's time zone for this class; UTC unless a test needs daylight saving. */
    protected ZoneId zone() {
        return ZoneId.of("UTC");
    }

    /** Template settings for this class's functions (e.g. a clinic-wide booking policy); the template's defaults unless a test needs others. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** SDK interceptors for this class's DynamoDB, Cognito and EventBridge clients; none unless a test records or injects calls. */
    protected List<ExecutionInterceptor> interceptors() {
        return List.of();
    }

    /** A future date no other test of the class uses, so tests never see each other's slots. */
    protected String freshDay() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days.incrementAndGet()).toString();
    }

    /** Declares an open availability, expecting 201, and returns it. */
    protected Map<String, Object> declare(User doctor, String date, int slot) {
        var reply = api.post("/api/availabilities/", doctor.token(), Map.of("date", date, "time_slot", slot));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    protected Api.Reply book(User patient, User doctor, String date, int slot) {
        return api.post("/api/appointments/", patient.token(), Map.of("doctor", doctor.id(), "date", date, "time_slot", slot));
    }

    /** Books, expecting 201, and returns the appointment. */
    protected Map<String, Object> booked(User patient, User doctor, String date, int slot) {
        var reply = book(patient, doctor, date, slot);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.object();
    }

    protected List<Map<String, Object>> openSlots(String query, User caller) {
        var reply = api.get("/api/availabilities/?" + query, caller.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array();
    }

    /** The table breaks none of the contract's rules 1-8, judged at the stack's clock. */
    protected void assertAuditClean() {
        assertThat(Audit.breaches(stack.dynamo(), stack.config().tableName(), stack.clock().instant(),
                stack.config().clinicZone())).isEmpty();
    }

    /** Checked after every class, so a leak fails the class that made it (or the next one). */
    @AfterAll
    void noLogLineHeldATokenAPasswordAnEmailOrABody() {
        assertThat(LogCapture.leaks()).as("log lines with secrets or personal data").isEmpty();
    }

    /** Every SDK call a function made in the suite so far is one its role may make (template.yaml). */
    @AfterAll
    void everyCallAFunctionMadeWasGranted() {
        assertThat(TestStack.missingGrants()).as("calls the template's IAM grants would refuse on AWS").isEmpty();
    }

    /** No DynamoDB call in the suite so far passed one of DynamoDB's limits (DynamoDbLimits), even where the emulator lets it. */
    @AfterAll
    void everyCallStayedWithinDynamoDbsLimits() {
        assertThat(TestStack.limitBreaches()).as("calls DynamoDB would refuse for their size").isEmpty();
    }

    @AfterAll
    void stopStack() {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.delete();
            stack.close();
        }
    }
}
