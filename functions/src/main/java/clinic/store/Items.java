package clinic.store;

import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Attribute values in and out, so the stores read as the data they hold. */
final class Items {
    private Items() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    /**
     * The version an item was stored at. Items written before items had versions have none and
     * read as 0; conditions on version 0 say "still has none" ({@link Tx.Condition#unchanged}).
     */
    static long version(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("version");
        return value == null ? 0 : Long.parseLong(value.n());
    }

    static LocalDate date(Map<String, AttributeValue> item, String name) {
        return LocalDate.parse(str(item, name));
    }

    /** A time slot as denormalized onto availabilities and appointments: id, start, end. */
    static TimeSlot slot(Map<String, AttributeValue> item) {
        return new TimeSlot((int) num(item, "slot"),
                new TimeRange(LocalTime.parse(str(item, "start")), LocalTime.parse(str(item, "end"))));
    }

    /** A user as denormalized: {@code <role>}, {@code <role>_username}, {@code <role>_name}. */
    static void putUser(Map<String, AttributeValue> item, String role, UserRef user) {
        item.put(role, s(user.id()));
        item.put(role + "_username", s(user.username()));
        item.put(role + "_name", s(user.name()));
    }

    static UserRef user(Map<String, AttributeValue> item, String role) {
        return new UserRef(str(item, role), str(item, role + "_username"), str(item, role + "_name"));
    }

    static void putSlot(Map<String, AttributeValue> item, TimeSlot slot) {
        item.put("slot", n(slot.id()));
        item.put("start", s(slot.start().toString()));
        item.put("end", s(slot.end().toString()));
    }
}
