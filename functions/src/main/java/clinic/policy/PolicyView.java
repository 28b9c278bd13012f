package clinic.policy;

import clinic.domain.BookingPolicy;

/**
 * A doctor's booking policy as the API shows it: the rules in force at the top level, then the
 * doctor's own ({@code null}: the clinic's applies) and the clinic's (template parameters).
 */
public record PolicyView(String doctor, Integer minNoticeMinutes, Integer horizonDays, Integer cancelCutoffHours,
                         Rules own, Rules clinic) {
    /** Three rules, each a number or {@code null} (none). */
    public record Rules(Integer minNoticeMinutes, Integer horizonDays, Integer cancelCutoffHours) {
        static Rules of(BookingPolicy policy) {
            return new Rules(policy.minNoticeMinutes(), policy.horizonDays(), policy.cancelCutoffHours());
        }
    }

    static PolicyView of(PolicyService.InForce policy) {
        BookingPolicy inForce = policy.inForce();
        return new PolicyView(policy.doctorId(), inForce.minNoticeMinutes(), inForce.horizonDays(), inForce.cancelCutoffHours(),
                Rules.of(policy.own()), Rules.of(policy.clinic()));
    }

    static PolicyView priming() {
        return of(new PolicyService.InForce("d", new BookingPolicy(120, 60, 24), new BookingPolicy(120, null, null),
                new BookingPolicy(null, 60, 24)));
    }
}
