package clinic.views;

import clinic.domain.Appointment;
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
     * fields ({@link OnCalendar}'s, in its order), status, created_at, status_history (the visit's changes). They are listed here rather
     * than embedded with {@code @JsonUnwrapped}, as the other views do, because this is the view a
     * booking answers with: reading any annotation makes the JVM generate proxy classes, about
     * 25 ms of the booking's cold start (docs/performance.md). AppointmentViewsTest pins the text.
     */
    record AppointmentView(String id, String patient, String patientName, String doctor, String doctorName,
                           String date, int timeSlot, String startTime, String endTime, String start, String end,
                           String status, String createdAt, List<StatusChangeView> statusHistory) {}

    /** One change of the visit's status: {@code {"status", "at", "by": {"id", "role"}}}. */
    record StatusChangeView(String status, String at, ChangedBy by) {}

    record ChangedBy(String id, String role) {}

    public static Function<Appointment, Object> view(ClinicClock clock) {
        return a -> {
            OnCalendar on = OnCalendar.of(a.date(), a.slot(), clock);
            return new AppointmentView(a.id(), a.patient().id(), a.patient().name(), a.doctor().id(), a.doctor().name(),
                    on.date(), on.timeSlot(), on.startTime(), on.endTime(), on.start(), on.end(),
                    a.status().wire(), a.createdAt().toString(), history(a.statusHistory()));
        };
    }

    private static List<StatusChangeView> history(List<Visit.Change> changes) {
        List<StatusChangeView> views = new ArrayList<>(changes.size());
        for (Visit.Change change : changes) {
            views.add(new StatusChangeView(change.status().wire(), change.at().toString(), new ChangedBy(change.byId(), change.byRole())));
        }
        return views;
    }

    /** A booked appointment's view, from a sample nothing stores: what priming writes (accepting an offer answers with it too). */
    public static Object primingView(ClinicClock clock) {
        return view(clock).apply(new Appointment(Priming.ABSENT_ID, Priming.NOBODY, Priming.NOBODY, clock.today(),
                Priming.FIRST_SLOT, Appointment.Status.BOOKED, clock.now()));
    }
}
