package clinic.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Attribute values for keys and expressions, and the error a stored item's missing attribute is.
 * Item attributes are declared, written and read in {@link Schemas} only, with the convention
 * {@link ItemSchema} describes; a required attribute that is missing or unreadable is a
 * {@link MissingAttribute} naming the item type, its key and the attribute, never a silent 0, null
 * or a NullPointerException somewhere later.
 */
final class Items {
    private Items() {}

    /** A stored item lacks an attribute its type requires: our fault (or a hand edit), named precisely. */
    static final class MissingAttribute extends IllegalStateException {
        MissingAttribute(String type, Map<String, AttributeValue> item, String name, String kind) {
            super(type + " item " + describe(item) + " has no valid " + kind + " attribute '" + name + "'");
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

    /** A key attribute ({@link Keys}), required. */
    static String str(Map<String, AttributeValue> item, String name) {
        String value = optionalStr(item, name);
        if (value == null) {
            throw new MissingAttribute("stored", item, name, "string");
        }
        return value;
    }

    /** A key attribute that an item may lack (an index key): null then. */
    static String optionalStr(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** The item's primary key. */
    static Key key(Map<String, AttributeValue> item) {
        return new Key(str(item, Keys.PK), str(item, Keys.SK));
    }
}
