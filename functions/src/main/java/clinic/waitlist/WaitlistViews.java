package clinic.waitlist;

import clinic.domain.Caller;
import clinic.domain.ClinicClock;
import clinic.domain.Offer;
import clinic.domain.Problem;
import clinic.domain.SlotGrid;
import clinic.domain.TimeRange;
import clinic.domain.WaitlistEntry;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.http.Request;
import clinic.timeslots.TimeSlotViews;
import clinic.views.OnCalendar;
import clinic.waitlist.WaitlistService.JoinRequest;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** Waitlist entries in and out of JSON. */
final class WaitlistViews {
    private WaitlistViews() {}

    /** An offer on the wire: the slot held for the patient, and until when. */
    record OfferView(int timeSlot, String deadline) {}

    /**
     * An entry on the wire: id, patient, patient_name, doctor, doctor_name, date, from_time, to_time
     * (the whole day when none was given), joined_at, position (1-based, in a doctor's list), offer.
     */
    record EntryView(String id, String patient, String patientName, String doctor, String doctorName, String date,
                     String fromTime, String toTime, String joinedAt, Integer position, OfferView offer) {}

    static Object view(WaitlistEntry e, Integer position, ClinicClock clock) {
        TimeRange window = e.window().orElse(new TimeRange(SlotGrid.OPENS, SlotGrid.CLOSES));
        OfferView offer = e.offer().filter(o -> o.isLive(clock.now()))
                .map(o -> new OfferView(o.slotId(), o.deadline().toString())).orElse(null);
        return new EntryView(e.id(), e.patient().id(), e.patient().name(), e.doctor().id(), e.doctor().name(),
                e.date().toString(), OnCalendar.time(window.start()), OnCalendar.time(window.end()),
                e.joinedAt().toString(), position, offer);
    }

    /** A patient's list has no positions (each entry is in another queue); a doctor's is one queue, numbered. */
    static List<Object> list(List<WaitlistEntry> entries, boolean numbered, ClinicClock clock) {
        return IntStream.range(0, entries.size())
                .mapToObj(i -> view(entries.get(i), numbered ? i + 1 : null, clock)).toList();
    }

    /**
     * {@code {doctor, date, from_time?, to_time?}}: either end of the window may be left out (the day's opening or close);
     * a {@code patient} other than the caller is refused, as when booking.
     */
    static JoinRequest joinRequest(Request request, Caller caller) {
        Fields body = Fields.of(request.json());
        String doctor = body.string("doctor");
        var date = body.date("date");
        LocalTime from = body.has("from_time") ? body.time("from_time") : null;
        LocalTime to = body.has("to_time") ? body.time("to_time") : null;
        if (body.differsFrom("patient", caller.id())) {
            throw new Problem.Forbidden("A waitlist entry is always the calling patient's; omit 'patient'");
        }
        body.check();
        Optional<TimeRange> window = Optional.empty();
        if (from != null || to != null) {
            try {
                window = Optional.of(new TimeRange(from == null ? SlotGrid.OPENS : from, to == null ? SlotGrid.CLOSES : to));
            } catch (Problem.Invalid e) {
                Map<String, String> renamed = new LinkedHashMap<>();
                e.fields().forEach((field, problem) -> renamed.put(
                        field.equals("start_time") ? "from_time" : field.equals("end_time") ? "to_time" : field,
                        problem.replace("start_time", "from_time")));
                throw new Problem.Invalid(renamed);
            }
        }
        return new JoinRequest(doctor, date, window);
    }

    /** An entry's view with a live offer, from a sample nothing stores: what priming writes. */
    static Object primingView(ClinicClock clock) {
        return view(new WaitlistEntry(Priming.ABSENT_ID, Priming.NOBODY, Priming.NOBODY, clock.today(),
                Optional.of(Priming.FIRST_SLOT.range()), clock.now(),
                Optional.of(new Offer(Priming.FIRST_SLOT.id(), clock.now().plusSeconds(3600)))), 1, clock);
    }
}
