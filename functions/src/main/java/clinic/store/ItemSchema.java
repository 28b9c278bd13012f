package clinic.store;

import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UserRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item type's attributes, each declared once (name, type, required or optional), and the
 * type's writer and reader, which go through those declarations only ({@link Schemas} holds them
 * all). One convention for every type: strings, numbers, dates ({@code YYYY-MM-DD}), times
 * ({@code HH:MM}), instants (ISO-8601, or epoch seconds for a TTL, or epoch milliseconds for an
 * offer's deadline, which conditions compare with now), string sets (an empty one is absent) and
 * enums (their lower-case name). A required attribute that is missing or unreadable is a {@link Items.MissingAttribute}
 * naming the item type, its key and the attribute; a required attribute without a value is refused
 * at writing. An optional one reads as null (or its declared default) when absent, never a silent 0.
 *
 * @param <T> what one item of the type holds
 */
abstract class ItemSchema<T> {
    private final String type;
    private final List<Attr<?>> attributes = new ArrayList<>();

    ItemSchema(String type) {
        this.type = type;
    }

    /** The item type, as errors name it. */
    final String type() {
        return type;
    }

    /** Every attribute declared, in declaration order (keys are {@link Keys}'s). */
    final List<Attr<?>> attributes() {
        return List.copyOf(attributes);
    }

    /** The item's attributes, without its key. */
    abstract Map<String, AttributeValue> write(T value);

    abstract T read(Map<String, AttributeValue> item);

    /** A whole item: its key and its attributes. */
    final Map<String, AttributeValue> item(Key key, T value) {
        Map<String, AttributeValue> item = write(value);
        item.putAll(key.toMap());
        return item;
    }

    final <V> Attr<V> required(String name, Codec<V> codec) {
        return declare(new Attr<>(this, name, codec, true, false, null));
    }

    /**
     * Required on every item, but derived from the other attributes (an index key, a target) or
     * there for conditions and tools (a TTL, a version the record does not carry): never read back.
     */
    final <V> Attr<V> written(String name, Codec<V> codec) {
        return declare(new Attr<>(this, name, codec, true, true, null));
    }

    final <V> Attr<V> optional(String name, Codec<V> codec) {
        return declare(new Attr<>(this, name, codec, false, false, null));
    }

    /** An optional attribute with a documented reading when absent ({@code version}: 0, an item from before versions). */
    final <V> Attr<V> optional(String name, Codec<V> codec, V whenAbsent) {
        return declare(new Attr<>(this, name, codec, false, false, whenAbsent));
    }

    /** A user as denormalized onto an item: {@code <role>}, {@code <role>_username}, {@code <role>_name}. */
    final UserAttrs user(String role) {
        return new UserAttrs(required(role, Codec.STRING), required(role + "_username", Codec.STRING),
                required(role + "_name", Codec.STRING));
    }

    /** A time slot as denormalized onto an item: {@code <id>}, {@code start}, {@code end}. */
    final SlotAttrs slot(String idName) {
        return new SlotAttrs(required(idName, Codec.INT), required("start", Codec.TIME), required("end", Codec.TIME));
    }

    private <V> Attr<V> declare(Attr<V> attr) {
        for (Attr<?> declared : attributes) {
            if (declared.name().equals(attr.name())) {
                throw new IllegalStateException(type + " declares '" + attr.name() + "' twice");
            }
        }
        attributes.add(attr);
        return attr;
    }

    /** A new map for {@link #write}. */
    static Map<String, AttributeValue> attributeMap() {
        return new HashMap<>();
    }

    /** One declared attribute: how it is written, read, and named in expressions ({@code #name}). */
    static final class Attr<V> {
        private final ItemSchema<?> owner;
        private final String name;
        private final Codec<V> codec;
        private final boolean required;
        private final boolean writtenOnly;
        private final V whenAbsent;

        private Attr(ItemSchema<?> owner, String name, Codec<V> codec, boolean required, boolean writtenOnly, V whenAbsent) {
            this.owner = owner;
            this.name = name;
            this.codec = codec;
            this.required = required;
            this.writtenOnly = writtenOnly;
            this.whenAbsent = whenAbsent;
        }

        /** Derived or for conditions and tools: the type's reader does not need it. */
        boolean writtenOnly() {
            return writtenOnly;
        }

        String name() {
            return name;
        }

        boolean required() {
            return required;
        }

        /** The value as stored, for an expression's {@code :value}. */
        AttributeValue value(V value) {
            return codec.write(Objects.requireNonNull(value, name));
        }

        /** Writes the value; an optional attribute without one is left out, a required one is refused. */
        void put(Map<String, AttributeValue> item, V value) {
            if (value instanceof Set<?> set && set.isEmpty() || value instanceof List<?> list && list.isEmpty()) {
                value = null;
            }
            if (value == null) {
                if (required) {
                    throw new IllegalArgumentException(owner.type + " item: required attribute '" + name + "' has no value");
                }
                return;
            }
            item.put(name, codec.write(value));
        }

        /** The value; a required attribute missing or unreadable is {@link Items.MissingAttribute}, an optional one absent reads as its default (null). */
        V get(Map<String, AttributeValue> item) {
            AttributeValue stored = item.get(name);
            if (stored == null) {
                if (required) {
                    throw new Items.MissingAttribute(owner.type, item, name, codec.kind());
                }
                return whenAbsent;
            }
            V value;
            try {
                value = codec.read(stored);
            } catch (Items.MissingAttribute nested) {
                throw nested;
            } catch (RuntimeException unreadable) {
                value = null;
            }
            if (value == null) {
                throw new Items.MissingAttribute(owner.type, item, name, codec.kind());
            }
            return value;
        }

        Optional<V> find(Map<String, AttributeValue> item) {
            return Optional.ofNullable(get(item));
        }

        @Override
        public String toString() {
            return owner.type + "." + name;
        }
    }

    /** A user's id, username and name, denormalized together. */
    record UserAttrs(Attr<String> id, Attr<String> username, Attr<String> name) {
        void put(Map<String, AttributeValue> item, UserRef user) {
            id.put(item, user.id());
            username.put(item, user.username());
            name.put(item, user.name());
        }

        UserRef get(Map<String, AttributeValue> item) {
            return new UserRef(id.get(item), username.get(item), name.get(item));
        }
    }

    /** A time slot's id and times, denormalized together. */
    record SlotAttrs(Attr<Integer> id, Attr<LocalTime> start, Attr<LocalTime> end) {
        void put(Map<String, AttributeValue> item, TimeSlot slot) {
            id.put(item, slot.id());
            start.put(item, slot.start());
            end.put(item, slot.end());
        }

        TimeSlot get(Map<String, AttributeValue> item) {
            return new TimeSlot(id.get(item), new TimeRange(start.get(item), end.get(item)));
        }
    }

    /**
     * How one type of value is stored; {@code read} gives null (or throws) for a value of the wrong
     * shape. One class with a switch, not a lambda per type: each lambda is a class spun at start,
     * on every cold start (seen in the booking's class-load trace).
     */
    static final class Codec<V> {
        private enum Shape { STRING, NUMBER, INT, BOOLEAN, DATE, TIME, DATE_TIME, INSTANT, EPOCH_SECONDS, EPOCH_MILLIS, STRING_SET, ENUM, NESTED, LIST }

        static final Codec<String> STRING = new Codec<>("string", Shape.STRING, null, null);
        static final Codec<Long> NUMBER = new Codec<>("number", Shape.NUMBER, null, null);
        static final Codec<Integer> INT = new Codec<>("number", Shape.INT, null, null);
        static final Codec<Boolean> BOOLEAN = new Codec<>("boolean", Shape.BOOLEAN, null, null);
        static final Codec<LocalDate> DATE = new Codec<>("date", Shape.DATE, null, null);
        static final Codec<LocalTime> TIME = new Codec<>("time", Shape.TIME, null, null);
        static final Codec<LocalDateTime> DATE_TIME = new Codec<>("date-time", Shape.DATE_TIME, null, null);
        static final Codec<Instant> INSTANT = new Codec<>("instant", Shape.INSTANT, null, null);
        /** A TTL attribute: DynamoDB expires items by a number of epoch seconds. */
        static final Codec<Instant> EPOCH_SECONDS = new Codec<>("epoch seconds", Shape.EPOCH_SECONDS, null, null);
        /** A deadline that conditions compare with {@code <=} against now (an offer's): epoch milliseconds. */
        static final Codec<Instant> EPOCH_MILLIS = new Codec<>("epoch milliseconds", Shape.EPOCH_MILLIS, null, null);
        /** A string set; DynamoDB stores no empty set, so an empty one is written as absent (see {@link Attr#put}). */
        static final Codec<Set<String>> STRING_SET = new Codec<>("string set", Shape.STRING_SET, null, null);

        private final String kind;
        private final Shape shape;
        private final Class<? extends Enum<?>> enumType;
        private final ItemSchema<V> nested;

        private Codec(String kind, Shape shape, Class<? extends Enum<?>> enumType, ItemSchema<V> nested) {
            this.kind = kind;
            this.shape = shape;
            this.enumType = enumType;
            this.nested = nested;
        }

        /** Stored as its lower-case name, read whatever its case. */
        static <E extends Enum<E>> Codec<E> enumOf(Class<E> type) {
            return new Codec<>(type.getSimpleName(), Shape.ENUM, type, null);
        }

        /** Another type's attributes as one map attribute. */
        static <T> Codec<T> nested(ItemSchema<T> schema) {
            return new Codec<>("map", Shape.NESTED, null, schema);
        }

        /** A list of another type's attributes, each one map (an empty list is written as absent, as an empty set is). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        static <T> Codec<List<T>> listOf(ItemSchema<T> schema) {
            return new Codec<>("list of maps", Shape.LIST, null, (ItemSchema) schema);
        }

        String kind() {
            return kind;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        AttributeValue write(V value) {
            return switch (shape) {
                case NUMBER, INT -> AttributeValue.fromN(value.toString());
                case BOOLEAN -> AttributeValue.fromBool((Boolean) value);
                case EPOCH_SECONDS -> AttributeValue.fromN(Long.toString(((Instant) value).getEpochSecond()));
                case EPOCH_MILLIS -> AttributeValue.fromN(Long.toString(((Instant) value).toEpochMilli()));
                case STRING_SET -> AttributeValue.fromSs(List.copyOf((Set<?>) value).stream().map(Object::toString).toList());
                case ENUM -> AttributeValue.fromS(((Enum<?>) value).name().toLowerCase(Locale.ROOT));
                case NESTED -> AttributeValue.fromM(nested.write(value));
                case LIST -> AttributeValue.fromL(((List<?>) value).stream()
                        .map(element -> AttributeValue.fromM(((ItemSchema) nested).write(element))).toList());
                // strings, and dates, times and instants as their ISO-8601 text
                default -> AttributeValue.fromS(value.toString());
            };
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        V read(AttributeValue stored) {
            if (shape == Shape.NESTED) {
                return stored.hasM() ? nested.read(stored.m()) : null;
            }
            if (shape == Shape.LIST) {
                if (!stored.hasL()) {
                    return null;
                }
                List<Object> elements = new ArrayList<>();
                for (AttributeValue element : stored.l()) {
                    if (!element.hasM()) {
                        return null;
                    }
                    elements.add(nested.read(element.m()));
                }
                return (V) List.copyOf(elements);
            }
            if (shape == Shape.BOOLEAN) {
                return (V) stored.bool();
            }
            if (shape == Shape.STRING_SET) {
                return stored.hasSs() ? (V) Set.copyOf(stored.ss()) : null;
            }
            if (shape == Shape.NUMBER || shape == Shape.INT || shape == Shape.EPOCH_SECONDS || shape == Shape.EPOCH_MILLIS) {
                String n = stored.n();
                if (n == null) {
                    return null;
                }
                return (V) switch (shape) {
                    case NUMBER -> (Object) Long.parseLong(n);
                    case INT -> (Object) Integer.parseInt(n);
                    case EPOCH_MILLIS -> (Object) Instant.ofEpochMilli(Long.parseLong(n));
                    default -> (Object) Instant.ofEpochSecond(Long.parseLong(n));
                };
            }
            String s = stored.s();
            if (s == null) {
                return null;
            }
            return (V) switch (shape) {
                case DATE -> (Object) IsoText.date(s);
                case TIME -> (Object) IsoText.time(s);
                case DATE_TIME -> (Object) IsoText.dateTime(s);
                case INSTANT -> (Object) IsoText.instant(s);
                case ENUM -> (Object) Enum.valueOf((Class) enumType, s.toUpperCase(Locale.ROOT));
                default -> (Object) s;
            };
        }
    }
}
