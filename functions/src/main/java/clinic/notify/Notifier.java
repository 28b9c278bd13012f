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
import clinic.store.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Emails the patient and the doctor about each booking event, the waiting patient about each
 * waitlist offer made or ended, and both a day before each booked appointment when its reminder fires ({@link Reminders}; docs/events.md, "Notifications"). Addresses come from the users' profiles, never
 * from the event.
 *
 * <p>Each email is sent at most once per notification and recipient: a marker is claimed (a
 * conditional Put) before the send. SES refusing the send gives the marker back and fails the
 * invocation, so the retry sends it; a crash between the claim and the send loses that one email
 * rather than risking it twice.
 */
public final class Notifier {
    /** Markers outlive every redelivery: EventBridge gives up after 24 hours, Lambda's retries after 6. */
    static final Duration MARKER_KEPT = Duration.ofDays(7);

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
        for (UserRef recipient : List.of(a.patient(), a.doctor())) {
            if (notifications.preferences(recipient.id()).wantsChangeBy(recipient.id(), event.actorId())) {
                send(event.id(), recipient, profile -> Email.about(event, recipient, profile.email(), clock.zone()));
            }
        }
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
        for (UserRef recipient : List.of(a.patient(), a.doctor())) {
            send(id, recipient, profile -> Email.reminder(a, recipient, profile.email(), clock.zone(), clock.now()));
        }
    }

    private void send(String notificationId, UserRef recipient, Function<UserProfile, Email> email) {
        Optional<UserProfile> profile = users.profile(recipient.id());
        if (profile.isEmpty()) {
            Telemetry.warning("Notifier", "no profile, so no address, for a recipient; not emailed",
                    Map.of("notificationId", notificationId));
            return;
        }
        if (!notifications.claim(notificationId, recipient.id(), clock.now().plus(MARKER_KEPT))) {
            return; // an earlier delivery of this notification sent it (or is sending it)
        }
        Email message = email.apply(profile.get());
        try {
            ses.sendEmail(r -> r.fromEmailAddress(sender).destination(d -> d.toAddresses(message.to()))
                    .content(c -> c.raw(raw -> raw.data(SdkBytes.fromUtf8String(message.mime(sender, UUID.randomUUID().toString(), clock.now()))))));
        } catch (SdkException refused) {
            notifications.release(notificationId, recipient.id());
            Telemetry.warning("Notifier", "email not sent; the delivery will be retried",
                    Map.of("notificationId", notificationId, "error", refused.getClass().getName()));
            throw refused;
        }
    }

}
