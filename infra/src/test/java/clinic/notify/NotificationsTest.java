package clinic.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.infra.LocalMail.Sent;
import clinic.infra.LocalMail;
import clinic.infra.LocalResources;
import clinic.infra.LocalScheduler;
import clinic.support.EndToEndTest;
import clinic.support.LostAnswer;
import clinic.support.SdkFaults;
import clinic.support.TestStack;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.SchedulerException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Notifications end to end: changes over HTTP, their events published from the stream onto the
 * bus, the notifier fed by the bus's rule and the reminders by the scheduler's loop, all as
 * ./dev up runs them; what was sent is read back from the emulator's SES. The clinic is in
 * Europe/London, so the emails' wall-clock times differ from UTC in summer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationsTest extends EndToEndTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** SES answering 500 to SendEmail, when told: the one fault moto cannot produce. */
    private final SdkFaults faults = new SdkFaults();
    /** A sent marker's Put whose answer is lost after it was written, when told. */
    private final LostAnswer lostAnswer = new LostAnswer();
    private final AtomicInteger day = new AtomicInteger(20);

    @Override
    protected ZoneId zone() {
        return LONDON;
    }

    @Override
    protected List<ExecutionInterceptor> interceptors() {
        return List.of(faults, lostAnswer);
    }

    @BeforeEach
    void sesAnswers() {
        faults.clear();
    }

    /** What SES answers a refused SendEmail. */
    private static RuntimeException sesRefusal(SdkFaults.Call call) {
        return SesV2Exception.builder().statusCode(500).message("injected").build();
    }

    /** A date of this class's own, far enough ahead that the clock's moves below never pass it. */
    private String nextDay() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(day.getAndAdd(3)).toString();
    }

    /** What ./dev up's loops do: the stream's events published, then the bus's deliveries made. */
    private void deliver() {
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
    }

    private static List<Sent> mailTo(User user) {
        String address = user.username() + "@example.com";
        return LocalMail.sent(TestStack.emulator().endpoint()).stream().filter(m -> m.to().contains(address)).toList();
    }

    private Optional<LocalScheduler.Pending> reminderOf(Object appointmentId) {
        return stack.scheduler().pending().stream().filter(p -> p.name().equals("remind-" + appointmentId)).findFirst();
    }

    private static Instant at(String date, String time) {
        return LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(LONDON).toInstant();
    }

    @Test
    @Order(1)
    void aBookingEmailsThePatientAndTheDoctorWithTheIcsAndSetsTheReminder() {
        User doctor = users.doctor("Meredith Grey");
        User patient = users.patient("Pat Jones");
        String date = nextDay();
        declare(doctor, date, 3);
        var appointment = booked(patient, doctor, date, 3);
        deliver();

        List<Sent> toPatient = mailTo(patient);
        assertThat(toPatient).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo(LocalResources.SENDER);
            assertThat(m.subject()).startsWith("Appointment booked: ").contains("10:00\u201310:30 (Europe/London)");
            assertThat(m.part("text/plain")).hasValueSatisfying(t -> assertThat(t).contains("with Meredith Grey"));
            assertThat(m.part("text/html")).hasValueSatisfying(h -> assertThat(h).contains("<p>Hello Pat Jones,</p>"));
            assertThat(m.part("text/calendar")).hasValueSatisfying(ics -> assertThat(ics)
                    .contains("BEGIN:VCALENDAR", "UID:" + appointment.get("id")).doesNotContain(doctor.username() + "@"));
        });
        assertThat(mailTo(doctor)).singleElement()
                .satisfies(m -> assertThat(m.part("text/plain")).hasValueSatisfying(t -> assertThat(t).contains("with Pat Jones")));
        assertThat(reminderOf(appointment.get("id"))).hasValueSatisfying(
                timer -> assertThat(timer.at()).isEqualTo(at(date, "10:00:00").minus(Duration.ofHours(24))));
    }

    /**
     * A Put has no ClientRequestToken: when the answer to a sent marker's Put is lost and the SDK
     * sends it again, the repeat finds the marker the first wrote. That is this delivery's own claim
     * (its holder), so the email is still sent, once; it was silently dropped as "already sent".
     */
    @Test
    @Order(2)
    void aSentMarkerWhosePutAnswerWasLostIsStillThisDeliverysClaim() {
        User doctor = users.doctor("Lorna Lost");
        User patient = users.patient("Abe Answer");
        String date = nextDay();
        declare(doctor, date, 4);
        lostAnswer.nextOf("PutItem", "NOTIFIED#");
        booked(patient, doctor, date, 4);
        deliver();
        assertThat(lostAnswer.lost()).as("a sent marker's answer was lost").isEqualTo(1);
        assertThat(mailTo(patient)).as("the patient's email").hasSize(1);
        assertThat(mailTo(doctor)).as("the doctor's email").hasSize(1);
    }

    @Test
    @Order(2)
    void aRescheduleAndACancelEmailBothAndMoveThenDropTheReminder() {
        User doctor = users.doctor("Derek Shepherd");
        User patient = users.patient("Sam Moves");
        String date = nextDay();
        declare(doctor, date, 3);
        declare(doctor, date, 5);
        var appointment = booked(patient, doctor, date, 3);
        deliver();
        var moved = api.put("/api/appointments/" + appointment.get("id") + "/", patient.token(),
                Map.of("doctor", doctor.id(), "date", date, "time_slot", 5));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        deliver();

        assertThat(mailTo(patient)).extracting(Sent::subject).hasSize(2).last().asString()
                .startsWith("Appointment moved: ").contains("11:00\u201311:30");
        assertThat(mailTo(doctor)).extracting(Sent::subject).last().asString().startsWith("Appointment moved: ");
        assertThat(reminderOf(appointment.get("id"))).hasValueSatisfying(
                timer -> assertThat(timer.at()).isEqualTo(at(date, "11:00:00").minus(Duration.ofHours(24))));

        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", doctor.token()).status()).isEqualTo(204);
        deliver();
        assertThat(mailTo(patient)).hasSize(3).last().satisfies(m -> {
            assertThat(m.subject()).startsWith("Appointment cancelled: ");
            assertThat(m.part("text/calendar")).hasValueSatisfying(ics -> assertThat(ics).contains("STATUS:CANCELLED"));
        });
        assertThat(mailTo(doctor)).hasSize(3);
        assertThat(reminderOf(appointment.get("id"))).isEmpty();
    }

    @Test
    @Order(3)
    void withOwnChangesOffAUserHearsOnlyOfWhatOthersDid() {
        User doctor = users.doctor("Cristina Yang");
        User patient = users.patient("Quiet Patient");
        var off = api.put("/api/me/notifications", patient.token(), Map.of("own_changes", false));
        assertThat(off.object()).isEqualTo(Map.of("own_changes", false));
        assertThat(api.get("/api/me/notifications", patient.token()).object()).isEqualTo(Map.of("own_changes", false));
        assertThat(api.get("/api/me/notifications", doctor.token()).object()).isEqualTo(Map.of("own_changes", true));
        String date = nextDay();
        declare(doctor, date, 4);
        var appointment = booked(patient, doctor, date, 4);
        deliver();
        assertThat(mailTo(patient)).as("the patient's own booking").isEmpty();
        assertThat(mailTo(doctor)).hasSize(1);

        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", doctor.token()).status()).isEqualTo(204);
        deliver();
        assertThat(mailTo(patient)).as("the doctor's cancel").singleElement()
                .satisfies(m -> assertThat(m.subject()).startsWith("Appointment cancelled: "));
        assertThat(mailTo(doctor)).as("the doctor's own cancel, and the doctor kept the default").hasSize(2);
    }

    @Test
    @Order(4)
    void aRefusedSendFailsTheDeliveryAndItsRetrySendsEachEmailExactlyOnce() {
        User doctor = users.doctor("Miranda Bailey");
        User patient = users.patient("Retry Patient");
        String date = nextDay();
        declare(doctor, date, 6);
        booked(patient, doctor, date, 6);
        faults.on("SendEmail").once().thenThrow(NotificationsTest::sesRefusal);
        stack.publisherSource().drain();
        assertThatThrownBy(() -> stack.busRules().deliverOnce()).isInstanceOf(SesV2Exception.class);
        assertThat(mailTo(patient).size() + mailTo(doctor).size()).as("the refused one is not sent").isLessThan(2);

        stack.busRules().deliverOnce();   // the rule's retry, SES answering again
        stack.busRules().deliverOnce();   // nothing more to deliver
        assertThat(mailTo(patient)).hasSize(1);
        assertThat(mailTo(doctor)).hasSize(1);
        assertThat(stack.busRules().deadLetters()).isEmpty();
    }

    @Test
    @Order(5)
    void aRedeliveredEventSendsNothingTwice() {
        User doctor = users.doctor("Richard Webber");
        User patient = users.patient("Twice Patient");
        String date = nextDay();
        declare(doctor, date, 7);
        var appointment = booked(patient, doctor, date, 7);
        stack.publisherSource().drain();
        Map<String, Object> event = stack.events().delivered().stream()
                .filter(e -> ((Map<?, ?>) e.get("detail")).get("id").equals(appointment.get("id"))).findFirst().orElseThrow();
        stack.busRules().deliverOnce();
        // The same event again, as EventBridge may deliver it: the sent markers hold.
        stack.functions().invoke("Notify", clinic.http.Json.write(event));
        stack.functions().invoke("Notify", clinic.http.Json.write(event));
        assertThat(mailTo(patient)).hasSize(1);
        assertThat(mailTo(doctor)).hasSize(1);
    }

    @Test
    @Order(6)
    void aDeliveryThatKeepsFailingEndsInTheDeadLetters() {
        User doctor = users.doctor("Owen Hunt");
        User patient = users.patient("Dead Letter");
        String date = nextDay();
        declare(doctor, date, 8);
        booked(patient, doctor, date, 8);
        faults.on("SendEmail").thenThrow(NotificationsTest::sesRefusal); // every call, until cleared
        stack.publisherSource().drain();
        for (int round = 0; round < 3; round++) {
            assertThatThrownBy(() -> stack.busRules().deliverOnce()).isInstanceOf(SesV2Exception.class);
        }
        assertThat(stack.busRules().deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.function()).isEqualTo("Notify");
            assertThat(d.attempts()).as("the first try and the rule's 2 retries").isEqualTo(3);
        });
        faults.clear();
        assertThat(stack.busRules().deliverOnce()).as("given up on: not delivered again").isZero();
        assertThat(mailTo(patient)).isEmpty();
    }

    @Test
    @Order(10) // last: it moves the clock days ahead, after which the stream hands every earlier event over again
    void theReminderGoesToBothTwentyFourHoursBeforeAndNotAfterACancel() {
        User doctor = users.doctor("Addison Montgomery");
        User patient = users.patient("Remind Me");
        // Days before every other test's, so moving the clock to them fires no other test's reminder.
        String date = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
        String other = LocalDate.now(ZoneOffset.UTC).plusDays(8).toString();
        declare(doctor, date, 2);
        declare(doctor, other, 2);
        var kept = booked(patient, doctor, date, 2);
        var cancelled = booked(patient, doctor, other, 2);
        deliver();
        assertThat(api.delete("/api/appointments/" + cancelled.get("id") + "/", patient.token()).status()).isEqualTo(204);
        deliver();
        int before = mailTo(patient).size();

        Instant reminder = at(date, "09:30:00").minus(Duration.ofHours(24));
        stack.clock().set(reminder.minus(Duration.ofMinutes(2)));
        assertThat(stack.scheduler().fireDue()).as("not yet").isZero();
        stack.clock().advance(Duration.ofMinutes(3));
        assertThat(stack.scheduler().fireDue()).isEqualTo(1);
        assertThat(mailTo(patient)).hasSize(before + 1).last().satisfies(m -> {
            assertThat(m.subject()).startsWith("Reminder: ").contains("09:30\u201310:00 (Europe/London)");
            assertThat(m.part("text/calendar")).hasValueSatisfying(ics -> assertThat(ics).contains("UID:" + kept.get("id")));
        });
        assertThat(mailTo(doctor)).last().satisfies(m -> assertThat(m.subject()).startsWith("Reminder: "));

        // The cancelled one's day comes: no timer is left, and one that raced the cancel sends nothing.
        stack.clock().set(at(other, "09:30:00").minus(Duration.ofHours(23)));
        assertThat(stack.scheduler().fireDue()).isZero();
        stack.functions().invoke("Remind", "{\"appointment\":\"" + cancelled.get("id") + "\",\"start\":\"" + at(other, "09:30:00") + "\"}");
        // And the kept one's timer, fired twice, reminds once.
        stack.functions().invoke("Remind", "{\"appointment\":\"" + kept.get("id") + "\",\"start\":\"" + at(date, "09:30:00") + "\"}");
        assertThat(mailTo(patient)).hasSize(before + 1);
    }

    @Test
    @Order(7)
    void aSchedulerFaultHoldsBackNoEmailAndItsRetrySetsTheReminderWithoutSendingTwice() {
        User doctor = users.doctor("Jackson Avery");
        User patient = users.patient("Timer Fault");
        String date = nextDay();
        declare(doctor, date, 9);
        deliver();                        // what earlier tests left on the bus, delivered before the fault is armed
        var appointment = booked(patient, doctor, date, 9);
        int deadBefore = stack.busRules().deadLetters().size();
        stack.publisherSource().drain();
        var refused = faults.on("CreateSchedule").when(r -> ((CreateScheduleRequest) r).name().equals("remind-" + appointment.get("id"))).once()
                .thenThrow(call -> SchedulerException.builder().statusCode(500).message("injected").build());

        assertThatThrownBy(() -> stack.busRules().deliverOnce()).as("the timer's failure still fails the delivery, so it is retried")
                .isInstanceOf(SchedulerException.class);
        assertThat(refused.injected()).isEqualTo(1);
        assertThat(mailTo(patient)).as("the emails do not wait for the timer").hasSize(1);
        assertThat(mailTo(doctor)).hasSize(1);
        assertThat(reminderOf(appointment.get("id"))).isEmpty();

        stack.busRules().deliverOnce();   // the rule's retry, Scheduler answering again
        assertThat(reminderOf(appointment.get("id"))).as("set by the retry").isPresent();
        assertThat(mailTo(patient)).as("the retry sends nothing twice").hasSize(1);
        assertThat(mailTo(doctor)).hasSize(1);
        assertThat(stack.busRules().deadLetters()).hasSize(deadBefore);
    }

    @Test
    @Order(8)
    void aClaimWhoseAnswerIsLostLosesNoEmailAndSendsNoneTwice() {
        User doctor = users.doctor("April Kepner");
        User patient = users.patient("Lost Answer");
        String date = nextDay();
        declare(doctor, date, 10);
        deliver();
        var appointment = booked(patient, doctor, date, 10);
        stack.publisherSource().drain();
        // The patient's marker is written, then the answer is lost: the claim committed, the email is not sent.
        String marker = "NOTIFIED#" + appointment.get("id") + "-v1#" + patient.id();
        var lost = faults.on("PutItem").when(r -> ((PutItemRequest) r).item().get("PK").s().equals(marker)).once().thenAnswer(answer -> {
            throw SdkClientException.create("connection reset after the write (injected)");
        });

        assertThatThrownBy(() -> stack.busRules().deliverOnce()).isInstanceOf(SdkClientException.class);
        assertThat(lost.injected()).isEqualTo(1);
        assertThat(mailTo(doctor)).as("the other recipient is not held back").hasSize(1);

        stack.busRules().deliverOnce();   // the rule's retry
        stack.busRules().deliverOnce();   // nothing more to deliver
        assertThat(mailTo(patient)).as("the retry sends the email whose claim was in doubt").hasSize(1);
        assertThat(mailTo(doctor)).hasSize(1);
    }
}
