package clinic.store;

import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attribute values in and out, so the stores read as the data they hold. One convention for every
 * item type: strings, numbers, dates ({@code YYYY-MM-DD}), times ({@code HH:MM}) and enums (their
 * lower-case name) are required unless read with an {@code optional} method; a required attribute
 * that is missing or of the wrong type is a {@link MissingAttribute} naming the item and the
 * attribute, never a silent 0, null or a NullPointerException somewhere later.
 */
final class Items {
    private Items() {}

    /** A stored item lacks an attribute its type requires: our fault (or a hand edit), named precisely. */
    static final class MissingAttribute extends IllegalStateException {
        MissingAttribute(Map<String, AttributeValue> item, String name, String type) {
            super("item " + describe(item) + " has no valid " + type + " attribute '" + name + "'");
        }

        private static String describe(Map<String, AttributeValue> item) {
            AttributeValue pk = item.get(Keys.PK);
            AttributeValue sk = item.get(Keys.SK);
            return pk == null ? "(a nested map)" : pk.s() + " / " + (sk == null ? "-" : sk.s());
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** A required string. */
    static String str(Map<String, AttributeValue> item, String name) {
        String value = optionalStr(item, name);
        if (value == null) {
            throw new MissingAttribute(item, name, "string");
        }
        return value;
    }

    /** A string that an item of its type may lack (an availability's {@code appointment} while unbooked): null then. */
    static String optionalStr(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** A required whole number. */
    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new MissingAttribute(item, name, "number");
        }
        return Long.parseLong(value.n());
    }

    /** A required map. */
    static Map<String, AttributeValue> map(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasM()) {
            throw new MissingAttribute(item, name, "map");
        }
        return value.m();
    }

    /** A required enum, stored as its lower-case name. */
    static <E extends Enum<E>> E enumOf(Map<String, AttributeValue> item, String name, Class<E> type) {
        String value = str(item, name);
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MissingAttribute(item, name, type.getSimpleName());
        }
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
