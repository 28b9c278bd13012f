package clinic.notify;

import clinic.domain.Appointment;
import clinic.domain.BookingEvent;
import clinic.domain.ClinicClock;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.domain.WaitlistEvent;
import clinic.http.Telemetry;
import clinic.store.AppointmentStore;
import clinic.store.NotificationStore;
import clinic.store.Outbox;
import clinic.store.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Emails the patient and the doctor about each booking event, the waiting patient about each
 * waitlist offer made or ended, and both a day before each booked appointment when its reminder fires ({@link Reminders}; docs/events.md, "Notifications"). Addresses come from the users' profiles, never
 * from the event.
 *
 * <p>Each email is sent at most once per notification and recipient: it is built, then a marker is
 * claimed (a conditional Put naming this delivery), then it is sent. Any failure after the claim
 * (SES refusing, any other exception, the claim's own answer lost) gives this delivery's marker
 * back and fails the invocation, so the retry sends it; only a crash of the function between the
 * claim and the send loses that one email rather than risking it twice. Each recipient's email
 * is tried whatever happened to the other's.
 */
public final class Notifier {
    /** How long EventBridge Scheduler retries invoking a reminder's target: its default, since Timers sets no retry policy. */
    static final Duration SCHEDULER_RETRIES = Duration.ofHours(24);

    /**
     * The latest a notification can arrive again after its first delivery, from template.yaml and
     * the outbox: its event may be published again until the outbox item expires ({@link Outbox#KEPT},
     * the reconciler), the rule retries a delivery and Lambda an invocation for their
     * {@code MaximumEventAgeInSeconds} each (6 hours), Scheduler a reminder's for a day, and what
     * is given up on waits in the dead-letter queue for its {@code MessageRetentionPeriod} (14 days)
     * to be redriven. {@code SentMarkerLifetimeTest} reads these from the template.
     */
    static final Duration LATEST_REDELIVERY = Outbox.KEPT.plus(SCHEDULER_RETRIES).plus(Duration.ofHours(6 + 6))
            .plus(Duration.ofDays(14));

    /** Markers outlive every redelivery ({@link #LATEST_REDELIVERY}, with days to spare), so none sends twice. */
    static final Duration MARKER_KEPT = Duration.ofDays(30);

    private final UserStore users;
    private final NotificationStore notifications;
    private final AppointmentStore appointments;
    private final SesV2Client ses;
    private final String sender;
    private final ClinicClock clock;

    public Notifier(UserStore users, NotificationStore notifications, AppointmentStore appointments, SesV2Client ses,
                    String sender, ClinicClock clock) {
        this.users = users;
        this.notifications = notifications;
        this.appointments = appointments;
        this.ses = ses;
        this.sender = sender;
        this.clock = clock;
    }

    /** A booking event: each party emailed, unless it is their own change and they turned those off. */
    public void on(BookingEvent event) {
        Appointment a = event.appointment();
        Independently.run(List.of(a.patient(), a.doctor()).stream().<Runnable>map(recipient -> () -> {
            if (notifications.preferences(recipient.id()).wantsChangeBy(recipient.id(), event.actorId())) {
                send(event.id(), recipient, profile -> Email.about(event, recipient, profile.email(), clock.zone()));
            }
        }).toList());
    }

    /**
     * A waitlist offer made or ended: the waiting patient emailed (the slot, the deadline, how to
     * accept or decline; or that it ended). No preference applies: an offer is never the patient's
     * own change of an appointment.
     */
    public void on(WaitlistEvent.Received event) {
        send(event.id(), event.patient(), profile -> Email.aboutOffer(event, profile.name(), profile.email(), clock.zone()));
    }

    /**
     * A reminder's timer fired: the appointment is read again, and both parties reminded only if it
     * is still booked at the start the timer was set for (a timer may fire late, twice, or after
     * a cancel or move that raced it; see clinic.schedule.Timers).
     */
    public void remind(String appointmentId, Instant start) {
        Optional<Appointment> found = appointments.byId(appointmentId);
        if (found.isEmpty() || !found.get().isBooked() || !Reminders.start(found.get(), clock).equals(start)) {
            return;
        }
        Appointment a = found.get();
        String id = "reminder-" + BookingEvent.id(a.id(), a.version());
        Independently.run(List.of(a.patient(), a.doctor()).stream().<Runnable>map(recipient ->
                () -> send(id, recipient, profile -> Email.reminder(a, recipient, profile.email(), clock.zone(), clock.now())))
                .toList());
    }

    private void send(String notificationId, UserRef recipient, Function<UserProfile, Email> email) {
        Optional<UserProfile> profile = users.profile(recipient.id());
        if (profile.isEmpty()) {
            Telemetry.warning("Notifier", "no profile, so no address, for a recipient; not emailed",
                    Map.of("notificationId", notificationId));
            return;
        }
        // Built before the claim: an email that cannot be built fails the delivery with no marker left to skip it.
        Email message = email.apply(profile.get());
        String mime = message.mime(sender, UUID.randomUUID().toString(), clock.now());
        NotificationStore.Claim claim = new NotificationStore.Claim(notificationId, recipient.id(), UUID.randomUUID().toString());
        try {
            if (!notifications.claim(claim, clock.now().plus(MARKER_KEPT))) {
                return; // an earlier delivery of this notification sent it (or is sending it)
            }
            ses.sendEmail(r -> r.fromEmailAddress(sender).destination(d -> d.toAddresses(message.to()))
                    .content(c -> c.raw(raw -> raw.data(SdkBytes.fromUtf8String(mime)))));
        } catch (RuntimeException notSent) {
            giveBack(claim, notSent);
            throw notSent;
        }
    }

    /** After a send that failed (refused, broken, or the claim's own answer lost): this delivery's claim back, so the retry sends it. */
    private void giveBack(NotificationStore.Claim claim, RuntimeException notSent) {
        try {
            notifications.release(claim);
            Telemetry.warning("Notifier", "email not sent; the delivery will be retried",
                    Map.of("notificationId", claim.notificationId(), "error", notSent.getClass().getName()));
        } catch (RuntimeException stillClaimed) {
            notSent.addSuppressed(stillClaimed);
            Telemetry.warning("Notifier", "email not sent and its claim not given back: a retry will skip it",
                    Map.of("notificationId", claim.notificationId(), "error", stillClaimed.getClass().getName()));
        }
    }

}
