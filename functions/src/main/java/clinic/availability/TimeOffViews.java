package clinic.availability;

import clinic.domain.Availability;
import clinic.domain.ClinicClock;
import clinic.domain.TimeOff;
import clinic.http.Fields;
import clinic.http.Priming;
import clinic.views.OnCalendar;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;

/** A doctor's time off in and out of JSON. */
final class TimeOffViews {
    private TimeOffViews() {}

    record TimeOffView(String id, String from, String to, String reason) {}

    /** A booked appointment in the time off's range (left booked, or cancelled with "cancel_booked": true). */
    record SlotView(String appointment, @JsonUnwrapped OnCalendar calendar) {}

    /**
     * The answer to a POST: the time off, how many open slots it closed, the booked appointments of its dates
     * (those it left booked; with "cancel_booked": true, those it cancelled), and the slots held by a live offer.
     */
    record TakenView(@JsonUnwrapped TimeOffView timeOff, int closed, List<SlotView> booked, List<OnCalendar> held) {}

    record ListView(List<TimeOffView> timeOff) {}

    static TimeOffView view(TimeOff t) {
        return new TimeOffView(t.id(), t.from().toString(), t.to().toString(), t.reason());
    }

    static TakenView view(WorkingHoursService.TimeOffTaken taken, ClinicClock clock) {
        return new TakenView(view(taken.timeOff()), taken.closed(),
                taken.booked().stream().map(a -> slot(a, clock)).toList(), taken.held().stream().map(a -> OnCalendar.of(a.date(), a.slot(), clock)).toList());
    }

    static ListView view(List<TimeOff> all) {
        return new ListView(all.stream().map(TimeOffViews::view).toList());
    }

    private static SlotView slot(Availability a, ClinicClock clock) {
        return new SlotView(a.appointmentId(), OnCalendar.of(a.date(), a.slot(), clock));
    }

    /** The views as taken (with a booked and a held slot) and as listed, from samples nothing stores: what priming writes. */
    static List<Object> primingViews(ClinicClock clock) {
        TimeOff sample = new TimeOff(Priming.ABSENT_ID, clock.today(), clock.today(), "priming");
        Availability booked = new Availability(Priming.ABSENT_ID, Priming.NOBODY, clock.today(), Priming.FIRST_SLOT,
                Availability.Status.BOOKED, Priming.ABSENT_ID);
        return List.of(view(new WorkingHoursService.TimeOffTaken(sample, 0, List.of(booked), List.of(booked)), clock),
                view(List.of(sample)));
    }

    /** A time off as asked: its dates and reason, and whether it cancels the booked appointments in them. */
    record Asked(TimeOff timeOff, boolean cancelBooked) {}

    /** {@code {"from", "to", "reason"?, "cancel_booked"?}}: every problem named in one 400. */
    static Asked timeOff(JsonNode json, ClinicClock clock) {
        Fields body = Fields.of(json);
        LocalDate from = body.date("from");
        LocalDate to = body.date("to");
        String reason = body.optionalString("reason");
        boolean cancelBooked = body.optionalBoolean("cancel_booked", false);
        body.check();
        return new Asked(TimeOff.of(null, from, to, reason, clock.today()), cancelBooked);
    }
}
