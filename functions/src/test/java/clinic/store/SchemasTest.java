package clinic.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.domain.Appointment;
import clinic.domain.Availability;
import clinic.domain.Offer;
import clinic.domain.Role;
import clinic.domain.TimeRange;
import clinic.domain.TimeSlot;
import clinic.domain.UpcomingBookings;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.domain.WaitlistEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each item type's attributes are declared once: written and read through them, and spelled nowhere else. */
class SchemasTest {
    private static final Key KEY = new Key("PK#x", "SK#y");
    private static final UserRef PATIENT = new UserRef("p-1", "pat", "Pat Lee");
    private static final UserRef DOCTOR = new UserRef("d-1", "dana", "Dana Ray");
    private static final LocalDate DATE = LocalDate.of(2030, 1, 15);
    private static final TimeSlot SLOT = new TimeSlot(3, new TimeRange(LocalTime.of(9, 0), LocalTime.of(9, 30)));
    private static final Instant AT = Instant.parse("2030-01-01T10:00:00Z");
    private static final Appointment APPOINTMENT = new Appointment("a-1", PATIENT, DOCTOR, DATE, SLOT,
            Appointment.Status.BOOKED, AT, 4);
    private static final Availability AVAILABILITY = new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.OPEN, null, 2);
    private static final WaitlistEntry WAITING = new WaitlistEntry("w-1", PATIENT, DOCTOR, DATE,
            Optional.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 0))), AT, Optional.of(new Offer(3, AT.plusSeconds(900))));
    /** Held for a waiter, after two others let it pass. */
    private static final Availability HELD = new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.HELD, null, 2,
            Optional.of(new Availability.Hold("p-1", "w-1", AT.plusMillis(900_123), Set.of("w-0", "w-00"))));

    /** A value of each type, and what reading its item gives back (writing stores the next version). */
    private record Case<T>(ItemSchema<T> schema, T value, T readBack) {}

    private static List<Case<?>> cases() {
        Appointment unversioned = new Appointment("a-1", PATIENT, DOCTOR, DATE, SLOT, Appointment.Status.CANCELLED, AT);
        return List.of(
                new Case<>(Schemas.PROFILE, new UserProfile("p-1", Role.PATIENT, "pat", "pat@example.org", "Pat Lee"), null),
                new Case<>(Schemas.CLAIM, KEY, null),
                new Case<>(Schemas.UPCOMING, new UpcomingBookings(Map.of("a-1", LocalDateTime.of(2030, 1, 15, 9, 0))), null),
                new Case<>(Schemas.TIME_SLOT, SLOT, null),
                new Case<>(Schemas.CATALOG, 7L, null),
                new Case<>(Schemas.AVAILABILITY, AVAILABILITY, new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.OPEN, null, 3)),
                new Case<>(Schemas.AVAILABILITY, AVAILABILITY.with(Availability.Status.BOOKED, "a-1"),
                        new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.BOOKED, "a-1", 3)),
                new Case<>(Schemas.AVAILABILITY, HELD, new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.HELD, null, 3,
                        HELD.hold())),
                new Case<>(Schemas.AVAILABILITY, new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.HELD, null, 2,
                        Optional.of(new Availability.Hold("p-1", "w-1", AT.plusSeconds(900), Set.of()))),
                        new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.HELD, null, 3,
                                Optional.of(new Availability.Hold("p-1", "w-1", AT.plusSeconds(900), Set.of())))),
                new Case<>(Schemas.AVAILABILITY_POINTER, new Key("DOCTOR#d-1", "SLOT#2030-01-15#0003"), null),
                new Case<>(Schemas.PATIENT_LOCK, "a-1", null),
                new Case<>(Schemas.OFFER_LOCK, new Schemas.OfferLock("w-1", AT.plusMillis(900_123), "o-1"), null),
                new Case<>(Schemas.APPOINTMENT, APPOINTMENT, new Appointment("a-1", PATIENT, DOCTOR, DATE, SLOT,
                        Appointment.Status.BOOKED, AT, 5)),
                new Case<>(Schemas.SEARCH_ENTRY, unversioned, null),
                new Case<>(Schemas.IDEMPOTENCY, new Schemas.Remembered("f", unversioned, AT), null),
                new Case<>(Schemas.WAITLIST_ENTRY, WAITING, null),
                new Case<>(Schemas.WAITLIST_ENTRY, new WaitlistEntry("w-2", PATIENT, DOCTOR, DATE, Optional.empty(), AT,
                        Optional.empty()), null),
                new Case<>(Schemas.WAITLIST_CLAIM, WAITING, null),
                new Case<>(Schemas.WAITLIST_POINTER, new Key("WAITLIST#d-1#2030-01-15", "000#w-1"), null),
                new Case<>(Schemas.WAITLIST_SEAT, "w-1", null),
                new Case<>(Schemas.CALENDAR_FEED, new CalendarFeedStore.Owner("d-1", Role.DOCTOR), null),
                new Case<>(Schemas.FEED_POINTER, "abc123", null),
                new Case<>(Schemas.OUTBOX, new Outbox.Event("e-1", "clinic.appointments", "AppointmentBooked", AT, "{}"), null),
                new Case<>(Schemas.NOTIFICATION_PREFERENCES, new clinic.domain.NotificationPreferences(false), null),
                new Case<>(Schemas.SENT_MARKER, new Schemas.SentMarker("h-1", AT), null),
                new Case<>(Schemas.UNANNOUNCED_OFFER, new OfferStore.Unannounced("d-1", DATE, 3, "p-1", "w-1", AT.plusMillis(900_123),
                        "o-1"), null),
                new Case<>(Schemas.DOCTOR_POLICY, new Schemas.DoctorPolicy("d-1", new clinic.domain.BookingPolicy(120, null, 0)), null),
                new Case<>(Schemas.WORKING_HOURS, clinic.domain.WeeklyPattern.of(DATE, DATE.plusDays(30), Map.of(
                        "monday", List.of(new clinic.domain.WeeklyPattern.Hours(LocalTime.of(9, 0), LocalTime.of(12, 30)),
                                new clinic.domain.WeeklyPattern.Hours(LocalTime.of(14, 0), LocalTime.of(18, 0))),
                        "friday", List.of(new clinic.domain.WeeklyPattern.Hours(LocalTime.of(9, 0), LocalTime.of(10, 0))))), null),
                new Case<>(Schemas.WORKING_HOURS, clinic.domain.WeeklyPattern.of(DATE, null, Map.of()), null),
                new Case<>(Schemas.DOCTOR_WITH_HOURS, new WorkingHoursStore.DoctorWithHours(DOCTOR, Optional.empty()), null),
                new Case<>(Schemas.DOCTOR_WITH_HOURS, new WorkingHoursStore.DoctorWithHours(DOCTOR, Optional.of(DATE)), null),
                new Case<>(Schemas.TIME_OFF, new clinic.domain.TimeOff("t-1", DATE, DATE.plusDays(4), "conference"), null),
                new Case<>(Schemas.TIME_OFF, new clinic.domain.TimeOff("t-2", DATE, DATE, ""), null),
                new Case<>(Schemas.TIME_OFF_MARK, "t-1", null),
                new Case<>(Schemas.SPECIALTY, "family-medicine", null),
                new Case<>(Schemas.DOCTOR_PROFILE, new Schemas.VersionedProfile(new clinic.domain.DoctorProfile("d-1", "Dr Grey",
                        List.of("cardiology", "family-medicine"), List.of("en", "pt-BR"), "Bio."), 3), null),
                new Case<>(Schemas.DIRECTORY_ENTRY, new Schemas.VersionedProfile(new clinic.domain.DoctorProfile("d-1", "Dr Grey",
                        List.of(), List.of(), null), 0), null),
                new Case<>(Schemas.SPECIALTY_MEMBER, "d-1", null),
                new Case<>(Schemas.TIME_OFF_VERSION, 3L, null),
                new Case<>(Schemas.PATIENT_NAME, PATIENT, null),
                // Issue 20: who booked, cancelled and moved it and why, and a reason without text.
                new Case<>(Schemas.SEARCH_ENTRY, unversioned.withTrail(new Appointment.Trail(new clinic.domain.Actor("s-1", Role.STAFF),
                        new clinic.domain.Actor("d-1", Role.DOCTOR), new clinic.domain.Actor("p-1", Role.PATIENT),
                        new clinic.domain.CancelReason(clinic.domain.CancelReason.Code.OTHER, Optional.of("why")))), null),
                new Case<>(Schemas.SEARCH_ENTRY, unversioned.withTrail(new Appointment.Trail(null, new clinic.domain.Actor("a-1", Role.ADMIN),
                        null, new clinic.domain.CancelReason(clinic.domain.CancelReason.Code.CLINIC, Optional.empty()))), null));
    }

    @Test
    void everyItemTypeReadsBackWhatItWrote() {
        List<ItemSchema<?>> covered = new ArrayList<>();
        for (Case<?> c : cases()) {
            assertRoundTrip(c);
            covered.add(c.schema());
        }
        assertThat(covered).as("a round trip per item type").containsAll(Schemas.ALL);
    }

    private static <T> void assertRoundTrip(Case<T> c) {
        T read = c.schema().read(c.schema().item(KEY, c.value()));
        assertThat(read).as(c.schema().type()).isEqualTo(c.readBack() == null ? c.value() : c.readBack());
    }

    @Test
    void readingAnItemMissingARequiredAttributeNamesTheTypeAndTheAttribute() {
        int checked = 0;
        for (Case<?> c : cases()) {
            for (ItemSchema.Attr<?> attr : c.schema().attributes()) {
                if (!attr.required() || attr.writtenOnly()) {
                    continue;
                }
                Map<String, AttributeValue> item = written(c);
                assertThat(item).as(attr.toString()).containsKey(attr.name());
                item.remove(attr.name());
                assertThatThrownBy(() -> c.schema().read(item)).as(attr.toString())
                        .isInstanceOf(Items.MissingAttribute.class)
                        .hasMessageContaining(c.schema().type() + " item PK#x / SK#y")
                        .hasMessageContaining("'" + attr.name() + "'");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void anUnreadableValueIsAnErrorToo() {
        var item = Schemas.AVAILABILITY.item(KEY, AVAILABILITY);
        item.put("date", AttributeValue.fromS("15/01/2030"));
        assertThatThrownBy(() -> Schemas.AVAILABILITY.read(item)).isInstanceOf(Items.MissingAttribute.class)
                .hasMessageContaining("availability item").hasMessageContaining("date attribute 'date'");
        var upcoming = Schemas.UPCOMING.item(KEY, new UpcomingBookings(Map.of("a-1", LocalDateTime.of(2030, 1, 15, 9, 0))));
        upcoming.put(Keys.upcomingEntry("a-2"), AttributeValue.fromN("1"));
        assertThatThrownBy(() -> Schemas.UPCOMING.read(upcoming)).isInstanceOf(Items.MissingAttribute.class)
                .hasMessageContaining("upcoming bookings item").hasMessageContaining(Keys.upcomingEntry("a-2"));
    }

    @Test
    void offerDeadlinesAreStoredAsEpochMillisecondsSoConditionsCompareThem() {
        var held = Schemas.AVAILABILITY.item(KEY, HELD);
        assertThat(held.get("hold_until").n()).isEqualTo(Long.toString(AT.plusMillis(900_123).toEpochMilli()));
        assertThat(held.get("passed").ss()).containsExactlyInAnyOrder("w-0", "w-00");
        assertThat(held).as("held ones stay in the open-slot index").containsKeys(Keys.OPEN_PK, Keys.OPEN_SK);
        var entry = Schemas.WAITLIST_ENTRY.item(KEY, WAITING);
        assertThat(entry.get("offer_until").n()).isEqualTo(Long.toString(AT.plusSeconds(900).toEpochMilli()));
        assertThat(entry.get("offer_deadline").s()).isEqualTo(AT.plusSeconds(900).toString());
        var lock = Schemas.OFFER_LOCK.item(KEY, new Schemas.OfferLock("w-1", AT, "o-1"));
        assertThat(Schemas.OFFER_LOCK.holds(lock)).isTrue();
        assertThat(Schemas.OFFER_LOCK.holds(Schemas.PATIENT_LOCK.item(KEY, "a-1"))).isFalse();
    }

    @Test
    void anOffersOccurrenceIsStoredOnEverySideAndOneStoredWithoutItIsNamedByItsDeadline() {
        var offered = WAITING.offered(new Offer(3, AT.plusSeconds(900), "o-2"));
        var entry = Schemas.WAITLIST_ENTRY.item(KEY, offered);
        assertThat(entry.get("offer_id").s()).isEqualTo("o-2");
        assertThat(Schemas.WAITLIST_ENTRY.read(entry).offer()).contains(new Offer(3, AT.plusSeconds(900), "o-2"));
        entry.remove("offer_id");
        assertThat(Schemas.WAITLIST_ENTRY.read(entry).offer().orElseThrow().id()).isEqualTo(Long.toString(AT.plusSeconds(900).toEpochMilli()));

        var held = new Availability("v-1", DOCTOR, DATE, SLOT, Availability.Status.HELD, null, 2,
                Optional.of(new Availability.Hold("p-1", "w-1", AT, Set.of(), "o-3")));
        var item = Schemas.AVAILABILITY.item(KEY, held);
        assertThat(item.get("hold_offer").s()).isEqualTo("o-3");
        item.remove("hold_offer");
        assertThat(Schemas.AVAILABILITY.read(item).hold().orElseThrow().offerId()).isEqualTo(Long.toString(AT.toEpochMilli()));

        var lock = Schemas.OFFER_LOCK.item(KEY, new Schemas.OfferLock("w-1", AT, "o-4"));
        assertThat(Schemas.OFFER_LOCK.read(lock).offerId()).isEqualTo("o-4");
        lock.remove("offer_id");
        assertThat(Schemas.OFFER_LOCK.read(lock).offerId()).isEqualTo(Long.toString(AT.toEpochMilli()));
    }

    @Test
    void aHeldAvailabilityWithoutItsHoldNamesTheMissingAttribute() {
        for (String name : List.of("held_by", "held_entry", "hold_until")) {
            var item = Schemas.AVAILABILITY.item(KEY, HELD);
            item.remove(name);
            assertThatThrownBy(() -> Schemas.AVAILABILITY.read(item)).as(name).isInstanceOf(Items.MissingAttribute.class)
                    .hasMessageContaining("availability item PK#x / SK#y").hasMessageContaining("'" + name + "'");
        }
        var noPassed = Schemas.AVAILABILITY.item(KEY, HELD);
        noPassed.remove("passed");
        assertThat(Schemas.AVAILABILITY.read(noPassed).hold().orElseThrow().passed()).isEmpty();
    }

    @Test
    void aRequiredAttributeWithoutAValueIsRefusedAtWriting() {
        var noName = new UserProfile("p-1", Role.PATIENT, "pat", "pat@example.org", null);
        assertThatThrownBy(() -> Schemas.PROFILE.write(noName)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user profile").hasMessageContaining("'name'");
    }

    @Test
    void enumsAreStoredAsTheirLowerCaseNameAndReadWhateverTheirCase() {
        var item = Schemas.PROFILE.item(KEY, new UserProfile("p-1", Role.PATIENT, "pat", "pat@example.org", "Pat"));
        assertThat(item.get("role").s()).isEqualTo("patient");
        item.put("role", AttributeValue.fromS("PATIENT"));
        assertThat(Schemas.PROFILE.read(item).role()).isEqualTo(Role.PATIENT);
    }

    private static <T> Map<String, AttributeValue> written(Case<T> c) {
        return new LinkedHashMap<>(c.schema().item(KEY, c.value()));
    }

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("#(\\w+)");
    /** Where names are declared: the schemas, the keys (and index keys), and the convention itself. */
    private static final Set<String> DECLARING = Set.of("Schemas.java", "ItemSchema.java", "Keys.java");

    /**
     * No store code spells an attribute name outside its declaration: no string literal is a
     * declared name, and every {@code #name} in an expression names a declared attribute (or the key),
     * so a typo in an update or a condition fails here rather than on the table.
     */
    @Test
    void noStoreCodeSpellsAnAttributeNameOutsideItsDeclaration() throws IOException {
        Set<String> declared = new HashSet<>(Set.of(Keys.PK, Keys.SK));
        Schemas.ALL.forEach(schema -> schema.attributes().forEach(a -> declared.add(a.name())));
        List<String> offences = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/clinic/store"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (DECLARING.contains(file.getFileName().toString())) {
                    continue;
                }
                scanned++;
                List<String> lines = Files.readAllLines(file);
                // Placeholders given their own name map in the file ("#pk" -> an index key constant) are not names.
                Set<String> mapped = new HashSet<>();
                Matcher whole = Pattern.compile("\"#(\\w+)\"").matcher(String.join("\n", lines));
                while (whole.find()) {
                    mapped.add(whole.group(1));
                }
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                        continue;
                    }
                    Matcher literal = LITERAL.matcher(line);
                    while (literal.find()) {
                        String text = literal.group(1);
                        String where = file.getFileName() + ":" + (i + 1) + " \"" + text + "\"";
                        if (declared.contains(text)) {
                            offences.add(where + " spells an attribute");
                        }
                        Matcher placeholder = PLACEHOLDER.matcher(text);
                        while (placeholder.find()) {
                            if (!declared.contains(placeholder.group(1)) && !mapped.contains(placeholder.group(1))) {
                                offences.add(where + " names an undeclared attribute #" + placeholder.group(1));
                            }
                        }
                    }
                }
            }
        }
        assertThat(scanned).isGreaterThan(8);
        assertThat(offences).isEmpty();
    }
}
