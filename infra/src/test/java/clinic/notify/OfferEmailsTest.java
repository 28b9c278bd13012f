package clinic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.LocalMail.Sent;
import clinic.infra.LocalMail;
import clinic.support.EndToEndTest;
import clinic.support.TestStack;
import clinic.support.Users.User;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Waitlist offers' emails end to end (issue 11): a cancellation with waiters makes an offer, whose
 * event on the bus emails the waiter the slot, the deadline in the clinic's zone and the routes that
 * accept or decline it; declining and letting the deadline pass each email that the offer ended.
 * The clinic is in Europe/London, so the deadline's wall-clock time differs from UTC in summer.
 */
class OfferEmailsTest extends EndToEndTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    @Override
    protected ZoneId zone() {
        return LONDON;
    }

    private static List<Sent> mailTo(User user) {
        String address = user.username() + "@example.com";
        return LocalMail.sent(TestStack.emulator().endpoint()).stream().filter(m -> m.to().contains(address)).toList();
    }

    /** What ./dev up's loops do: the stream's events published, the bus's deliveries made (emails, offer timers). */
    private void deliver() {
        stack.publisherSource().drain();
        stack.busRules().deliverOnce();
    }

    private String join(User patient, User doctor, String day) {
        var reply = api.post("/api/waitlist/", patient.token(), Map.of("doctor", doctor.id(), "date", day));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return (String) reply.object().get("id");
    }

    private Instant deadlineOf(User patient, String day) {
        var reply = api.get("/api/waitlist/?date=" + day, patient.token());
        Map<?, ?> offer = (Map<?, ?>) reply.array().getFirst().get("offer");
        assertThat(offer).as("%s holds an offer", patient.username()).isNotNull();
        return Instant.parse((String) offer.get("deadline"));
    }

    @Test
    void eachOfferAndItsEndEmailTheWaiterOnceWithTheDeadlineInTheClinicsZoneAndTheRoutes() {
        User doctor = users.doctor("Olive Offer");
        User booker = users.patient("Connie Canceller");
        User first = users.patient("Fay First");
        User second = users.patient("Sid Second");
        String day = freshDay();
        declare(doctor, day, 4);
        var appointment = booked(booker, doctor, day, 4);
        String firstEntry = join(first, doctor, day);
        String secondEntry = join(second, doctor, day);
        deliver();
        assertThat(mailTo(first)).as("joining sends nothing").isEmpty();

        assertThat(api.delete("/api/appointments/" + appointment.get("id") + "/", booker.token()).status()).isEqualTo(204);
        deliver();
        Instant firstDeadline = deadlineOf(first, day);
        assertThat(mailTo(first)).singleElement().satisfies(m -> {
            assertThat(m.subject()).startsWith("A slot is held for you: ").contains("10:30\u201311:00 (Europe/London)");
            assertThat(m.part("text/plain")).hasValueSatisfying(t -> assertThat(t)
                    .contains("Hello Fay First", "with Olive Offer")
                    .contains("held for you until " + firstDeadline.atZone(LONDON).format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.ENGLISH))
                            + ", " + firstDeadline.atZone(LONDON).format(HH_MM) + " (Europe/London)")
                    .contains("POST /api/waitlist/" + firstEntry + "/accept", "POST /api/waitlist/" + firstEntry + "/decline"));
            assertThat(m.part("text/calendar")).as("no appointment yet, so no calendar file").isEmpty();
        });
        assertThat(mailTo(second)).as("the second waiter is not offered it yet").isEmpty();

        // The first declines: their offer ended, the second is offered the slot.
        assertThat(api.post("/api/waitlist/" + firstEntry + "/decline", first.token(), Map.of()).status()).isEqualTo(204);
        deliver();
        assertThat(mailTo(first)).hasSize(2).last().satisfies(m -> {
            assertThat(m.subject()).startsWith("Offer ended: ");
            assertThat(m.part("text/plain")).hasValueSatisfying(t -> assertThat(t).contains("You declined the slot"));
        });
        assertThat(mailTo(second)).singleElement().satisfies(m -> assertThat(m.part("text/plain"))
                .hasValueSatisfying(t -> assertThat(t).contains("POST /api/waitlist/" + secondEntry + "/accept")));

        // The second lets the deadline pass: the offer's timer passes it on, and the lapse is emailed.
        Instant secondDeadline = deadlineOf(second, day);
        stack.clock().set(secondDeadline.plus(Duration.ofMinutes(1)));
        assertThat(stack.scheduler().fireDue()).as("the offer's timer").isPositive();
        deliver();
        assertThat(mailTo(second)).hasSize(2).last().satisfies(m -> {
            assertThat(m.subject()).startsWith("Offer ended: ").contains("10:30\u201311:00");
            assertThat(m.part("text/plain")).hasValueSatisfying(t -> assertThat(t)
                    .contains("was not taken in time", secondDeadline.atZone(LONDON).format(HH_MM) + " (Europe/London)")
                    .contains("You stay on the waitlist"));
        });

        // The first offer's event delivered again, as EventBridge may: the sent marker holds. Its detail
        // is its outbox item's (its id names the occurrence, made with the offer).
        String detail = stack.dynamo().scanPaginator(r -> r.tableName(stack.config().tableName())
                        .filterExpression("begins_with(PK, :offered)")
                        .expressionAttributeValues(Map.of(":offered", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                .fromS("OUTBOX#offer-" + firstEntry + "-"))))
                .items().stream().map(item -> item.get("detail").s()).findFirst().orElseThrow();
        assertThat(detail).contains("\"deadline\":\"" + firstDeadline + "\"");
        String again = clinic.http.Json.write(Map.of("source", "clinic.waitlist", "detail-type", "waitlist.offered",
                "detail", clinic.http.Json.parse(detail)));
        stack.functions().invoke("Notify", again);
        stack.functions().invoke("Notify", again);
        assertThat(mailTo(first)).hasSize(2);
        assertThat(mailTo(second)).hasSize(2);
        assertThat(mailTo(booker)).as("the booker's booking and cancel only").hasSize(2);
        assertAuditClean();
    }
}
