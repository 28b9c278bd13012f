package clinic.store;

import clinic.domain.BookingPolicy;
import clinic.domain.UserProfile;
import clinic.store.Tx.Condition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Doctors' own booking policies (docs/decisions.md, "Booking policies"), one small item each in one
 * partition. Bookings read a doctor's in the BatchGetItem they already make; cancels guard it in
 * their write ({@link #guardCutoff}); the open-slot list reads them all in one Query.
 */
public final class PolicyStore {
    private final Table table;

    public PolicyStore(Table table) {
        this.table = table;
    }

    /** A user's profile (to tell a doctor from anyone else) and, if set, their own policy: one BatchGetItem. */
    public record Read(Optional<UserProfile> profile, BookingPolicy own) {}

    public Read read(String doctorId) {
        Key profileKey = Keys.profile(doctorId);
        Key policyKey = Keys.doctorPolicy(doctorId);
        Optional<UserProfile> profile = Optional.empty();
        BookingPolicy own = BookingPolicy.NONE;
        for (var item : table.getAll(List.of(profileKey, policyKey))) {
            if (Items.key(item).equals(profileKey)) {
                profile = Optional.of(UserStore.profile(item));
            } else {
                own = own(item);
            }
        }
        return new Read(profile, own);
    }

    /** A doctor's own rules (none: the clinic's); one GetItem. */
    public BookingPolicy own(String doctorId) {
        return table.get(Keys.doctorPolicy(doctorId)).map(PolicyStore::own).orElse(BookingPolicy.NONE);
    }

    /** Sets a doctor's own rules; with none left, the item goes (the clinic's rules apply). */
    public void save(String doctorId, BookingPolicy own) {
        if (own.isNone()) {
            table.delete(Keys.doctorPolicy(doctorId));
        } else {
            table.put(Schemas.DOCTOR_POLICY.item(Keys.doctorPolicy(doctorId), new Schemas.DoctorPolicy(doctorId, own)));
        }
    }

    /**
     * Every doctor's own policy, by doctor id: one Query of the policy partition (about 100 bytes a
     * doctor who has one; more than one page only past some 10,000 such doctors).
     */
    public Map<String, BookingPolicy> allOwn() {
        Map<String, BookingPolicy> policies = new HashMap<>();
        table.queryAll(QueryRequest.builder()
                        .keyConditionExpression("#PK = :pk")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.POLICY_PARTITION))))
                .forEach(item -> {
                    Schemas.DoctorPolicy policy = Schemas.DOCTOR_POLICY.read(item);
                    policies.put(policy.doctorId(), policy.own());
                });
        return policies;
    }

    static Key key(String doctorId) {
        return Keys.doctorPolicy(doctorId);
    }

    static BookingPolicy own(Map<String, AttributeValue> item) {
        return Schemas.DOCTOR_POLICY.read(item).own();
    }

    /**
     * The cancellation cutoff, held by the write that leaves an appointment: the doctor's policy item
     * must allow it as {@code guard} says (the domain's {@link BookingPolicy#cutoffGuard}); else
     * CANCEL_CUTOFF. An absent item has no rules of its own, so the clinic's decide.
     */
    static void guardCutoff(Tx tx, String doctorId, BookingPolicy.CutoffGuard guard) {
        String own = "#" + Schemas.DOCTOR_POLICY.cancelCutoffHours.name();
        String withinOwn = own + " <= :longestCutoff";
        tx.check(Keys.doctorPolicy(doctorId), Condition.when(
                        guard.clinicAllows() ? "attribute_not_exists(" + own + ") OR " + withinOwn : withinOwn,
                        Map.of(":longestCutoff", Items.n(guard.longestAllowedHours())))
                .orElse(current -> guard.refusal(Schemas.DOCTOR_POLICY.cancelCutoffHours.find(current).orElse(null))));
    }
}
