package clinic.views;

import clinic.domain.Actor;
import clinic.domain.Appointment;
import clinic.domain.CancelReason;
import clinic.domain.ClinicClock;
import clinic.domain.Visit;
import clinic.http.Priming;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An appointment as JSON: what booking, reading, listing and accepting an offer answer with. */
public final class AppointmentViews {
    private AppointmentViews() {}

    /**
     * An appointment on the wire: id, patient, patient_name, doctor, doctor_name, the calendar
     * fields ({@link OnCalendar}'s, in its order), status, created_at, who booked, cancelled or moved it and why
     * (booked_by, cancelled_by, rescheduled_by, cancel_reason; issue 20), and status_history (the visit's changes). They are listed here rather
     * than embedded with {@code @JsonUnwrapped}, as the other views do, because this is the view a
     * booking answers with: reading any annotation makes the JVM generate proxy classes, about
     * 25 ms of the booking's cold start (docs/performance.md). AppointmentViewsTest pins the text.
     */
    record AppointmentView(String id, String patient, String patientName, String doctor, String doctorName,
                           String date, int timeSlot, String startTime, String endTime, String start, String end,
                           String status, String createdAt, ActorView bookedBy, ActorView cancelledBy,
                           ActorView rescheduledBy, ReasonView cancelReason, List<StatusChangeView> statusHistory) {}

    /** Who made a change (issue 20): {@code {"id", "role"}}; null when nobody did, or it predates the record. */
    record ActorView(String id, String role) {
        static ActorView of(Actor actor) {
            return actor == null ? null : new ActorView(actor.id(), actor.roleWire());
        }
    }

    /** Why it was cancelled or last moved: {@code {"code", "text"}}, text null when none was given. */
    record ReasonView(String code, String text) {
        static ReasonView of(CancelReason reason) {
            return reason == null ? null : new ReasonView(reason.code().wire(), reason.text().orElse(null));
        }
    }

    /** One change of the visit's status: {@code {"status", "at", "by": {"id", "role"}}}. */
    record StatusChangeView(String status, String at, ActorView by) {}

    public static Function<Appointment, Object> view(ClinicClock clock) {
        return a -> {
            OnCalendar on = OnCalendar.of(a.date(), a.slot(), clock);
            return new AppointmentView(a.id(), a.patient().id(), a.patient().name(), a.doctor().id(), a.doctor().name(),
                    on.date(), on.timeSlot(), on.startTime(), on.endTime(), on.start(), on.end(),
                    a.status().wire(), a.createdAt().toString(), ActorView.of(a.trail().bookedBy()),
                    ActorView.of(a.trail().cancelledBy()), ActorView.of(a.trail().rescheduledBy()),
                    ReasonView.of(a.trail().cancelReason()), history(a.statusHistory()));
        };
    }

    private static List<StatusChangeView> history(List<Visit.Change> changes) {
        List<StatusChangeView> views = new ArrayList<>(changes.size());
        for (Visit.Change change : changes) {
            views.add(new StatusChangeView(change.status().wire(), change.at().toString(), new ActorView(change.byId(), change.byRole())));
        }
        return views;
    }

    /** A booked appointment's view, from a sample nothing stores: what priming writes (accepting an offer answers with it too). */
    public static Object primingView(ClinicClock clock) {
        return view(clock).apply(new Appointment(Priming.ABSENT_ID, Priming.NOBODY, Priming.NOBODY, clock.today(),
                Priming.FIRST_SLOT, Appointment.Status.BOOKED, clock.now()));
    }
}
