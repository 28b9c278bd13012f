package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.DoctorProfile;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Problem;
import clinic.domain.UserProfile;
import clinic.store.Tx.Condition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The doctors' directory (issue 20; docs/data-model.md, "The doctors' directory"): the clinic's
 * specialties, each doctor's profile, and the entries its lists walk. A profile is written with all
 * its entries and the use counts of the specialties it adds or drops in one transaction, so a
 * specialty can leave the clinic's list only while no doctor names it, exactly.
 */
public final class DirectoryStore {
    private static final String NO_DOCTOR_USES_IT = "attribute_not_exists(#uses) OR #uses = :none";

    private final Table table;

    public DirectoryStore(Table table) {
        this.table = table;
    }

    /** The clinic's specialties, by name: one Query of their partition (at most {@value DoctorProfile#MAX_CLINIC_SPECIALTIES} small items). */
    public List<String> specialties() {
        return table.queryAll(QueryRequest.builder().keyConditionExpression("#PK = :pk")
                        .expressionAttributeNames(Map.of("#PK", Keys.PK))
                        .expressionAttributeValues(Map.of(":pk", Items.s(Keys.SPECIALTY_PARTITION))).consistentRead(true))
                .stream().map(Schemas.SPECIALTY::read).toList();
    }

    /**
     * Makes the clinic's list {@code wanted}, from {@code current} as read: adds the new names, and
     * removes the others only if no doctor names them (409 IN_USE naming it); a name added by someone
     * else meanwhile is {@link clinic.domain.StaleRead}. One transaction: at most 2 × 50 items.
     */
    public void replaceSpecialties(List<String> current, List<String> wanted) {
        Tx tx = table.transaction();
        for (String name : wanted) {
            if (!current.contains(name)) {
                tx.put(Schemas.SPECIALTY.item(Keys.specialty(name), name), Condition.absent().orReread());
            }
        }
        for (String name : current) {
            if (!wanted.contains(name)) {
                tx.delete(Keys.specialty(name), Condition.when(NO_DOCTOR_USES_IT, Map.of(":none", Items.n(0)))
                        .orRefuse(() -> Conflicts.specialtyInUse(name)));
            }
        }
        if (!tx.items().isEmpty()) {
            table.transact(tx);
        }
    }

    /** A user's account (to tell a doctor from anyone else) and their directory profile, if saved: one BatchGetItem. */
    public record Read(Optional<UserProfile> account, Optional<Schemas.VersionedProfile> saved) {
        /** The profile shown: the saved one, or the account's name alone; and the version it was read at. */
        public DoctorProfile profile() {
            return saved.map(Schemas.VersionedProfile::profile)
                    .orElseGet(() -> DoctorProfile.initial(account.orElseThrow().id(), account.orElseThrow().name()));
        }

        public long version() {
            return saved.map(Schemas.VersionedProfile::version).orElse(0L);
        }
    }

    public Read read(String doctorId) {
        Key accountKey = Keys.profile(doctorId);
        Optional<UserProfile> account = Optional.empty();
        Optional<Schemas.VersionedProfile> saved = Optional.empty();
        for (var item : table.getAll(List.of(accountKey, Keys.doctorProfile(doctorId)))) {
            if (Items.key(item).equals(accountKey)) {
                account = Optional.of(UserStore.profile(item));
            } else {
                saved = Optional.of(Schemas.DOCTOR_PROFILE.read(item));
            }
        }
        return new Read(account, saved);
    }

    /**
     * Replaces a doctor's profile read as {@code read}: its item (if still at the version read, else
     * {@link clinic.domain.StaleRead}), its directory entries, and one use more of each specialty it
     * adds (which must be on the clinic's list: else 400 naming it) and one less of each it drops.
     * At most 1 + 2 × 11 + 2 × 5 = 33 items.
     */
    public void save(Read read, DoctorProfile profile) {
        DoctorProfile old = read.profile();
        long version = read.version();
        Tx tx = table.transaction();
        tx.put(Schemas.DOCTOR_PROFILE.item(Keys.doctorProfile(profile.doctorId()), new Schemas.VersionedProfile(profile, version + 1)),
                (version == 0 ? Condition.absent() : Condition.unchanged(version)).orReread());
        Set<Key> kept = new HashSet<>(entryKeys(profile));
        for (Key key : entryKeys(old)) {
            if (!kept.contains(key)) {
                tx.delete(key);
            }
        }
        putEntries(tx, profile);
        for (String added : profile.specialties()) {
            if (!old.specialties().contains(added)) {
                tx.update(Keys.specialty(added), "ADD #uses :one", Map.of(":one", Items.n(1)), Condition.when("attribute_exists(#PK)")
                        .orRefuse(() -> DoctorProfile.notOnTheList(added)));
            }
        }
        for (String dropped : old.specialties()) {
            if (!profile.specialties().contains(dropped)) {
                tx.update(Keys.specialty(dropped), "ADD #uses :less", Map.of(":less", Items.n(-1)),
                        Condition.when("attribute_exists(#PK)").orReread());
            }
        }
        table.transact(tx);
    }

    /** A new doctor's entry in the directory's list, under their account name (written with their account, by registration). */
    static void enter(Tx tx, UserProfile doctor) {
        putEntries(tx, DoctorProfile.initial(doctor.id(), doctor.name()));
    }

    /**
     * An account made before the directory (UserStore.reindex): its entry under the account's name,
     * only while the doctor still has no directory profile (a save meanwhile wins); false if either is there.
     */
    static boolean enterIfAbsent(Table table, UserProfile doctor) {
        DoctorProfile initial = DoctorProfile.initial(doctor.id(), doctor.name());
        Tx tx = table.transaction();
        tx.check(Keys.doctorProfile(doctor.id()), Condition.absent().orElse(current -> new AlreadyListed()));
        tx.put(Schemas.DIRECTORY_ENTRY.item(new Key(Keys.DIRECTORY_ALL, position(initial)), new Schemas.VersionedProfile(initial, 0)),
                Condition.absent().orElse(current -> new AlreadyListed()));
        try {
            table.transact(tx);
            return true;
        } catch (AlreadyListed listed) {
            return false;
        }
    }

    /** The doctor is in the directory already: nothing for the reindex to add. */
    private static final class AlreadyListed extends RuntimeException {
        AlreadyListed() {
            super(null, null, false, false);
        }
    }

    /** The full entry, and per specialty the slim entry (by name) and the doctor's mark (by doctor id). */
    private static void putEntries(Tx tx, DoctorProfile profile) {
        String position = position(profile);
        tx.put(Schemas.DIRECTORY_ENTRY.item(new Key(Keys.DIRECTORY_ALL, position), new Schemas.VersionedProfile(profile, 0)));
        for (String specialty : profile.specialties()) {
            tx.put(Schemas.SPECIALTY_MEMBER.item(new Key(Keys.directoryOf(specialty), position), profile.doctorId()));
            tx.put(Schemas.SPECIALTY_MEMBER.item(Keys.doctorSpecialty(profile.doctorId(), specialty), profile.doctorId()));
        }
    }

    private static List<Key> entryKeys(DoctorProfile profile) {
        String position = position(profile);
        List<Key> keys = new ArrayList<>(List.of(new Key(Keys.DIRECTORY_ALL, position)));
        profile.specialties().forEach(specialty -> {
            keys.add(new Key(Keys.directoryOf(specialty), position));
            keys.add(Keys.doctorSpecialty(profile.doctorId(), specialty));
        });
        return keys;
    }

    private static String position(DoctorProfile profile) {
        return Keys.directoryPosition(DoctorProfile.nameKey(profile.displayName()), profile.doctorId());
    }

    /**
     * One page of the directory, by name: the doctors whose name starts with {@code prefix} (a name
     * key; empty: all), of one specialty if given. Walks {@code DIRECTORY#ALL}, or the specialty's slim
     * entries and then one BatchGetItem of the page's full entries; see {@link IndexWalk} for the bound.
     */
    public Page<DoctorProfile> page(Optional<String> specialty, String prefix, Optional<String> after, PageRequest page) {
        after.ifPresent(position -> {
            if (position.indexOf('\001') < 0) {
                throw new Problem.Invalid("cursor", "is not a cursor this API issued");
            }
        });
        String pk = specialty.map(Keys::directoryOf).orElse(Keys.DIRECTORY_ALL);
        // Names start with a character above the space (they are stripped, and hold no control characters).
        String lo = prefix.isEmpty() ? " " : prefix;
        String hi = prefix + Character.MAX_VALUE;
        Page<Map<String, AttributeValue>> found = IndexWalk.walk(table, List.of(new IndexWalk.Partition(null, Keys.PK, pk, "")),
                Keys.SK, lo, hi, false, after, page, item -> true);
        if (specialty.isEmpty()) {
            return found.map(item -> Schemas.DIRECTORY_ENTRY.read(item).profile());
        }
        List<Key> full = found.items().stream().map(item -> new Key(Keys.DIRECTORY_ALL, Items.str(item, Keys.SK))).toList();
        Map<String, DoctorProfile> byPosition = new HashMap<>();
        for (var item : table.getAll(full)) {
            byPosition.put(Items.str(item, Keys.SK), Schemas.DIRECTORY_ENTRY.read(item).profile());
        }
        // An entry rewritten between the two reads (a renamed doctor) is left out of this page, not shown stale.
        List<DoctorProfile> profiles = full.stream().map(key -> byPosition.get(key.sk())).filter(p -> p != null).toList();
        return new Page<>(profiles, found.next());
    }

    /**
     * Which doctors name a specialty, learnt a page at a time: {@link Members#lookUp} asks for the
     * marks of the doctors a page read (one BatchGetItem per 100 not yet known), so what one page
     * costs follows the page, never the number of doctors. A specialty not on the list, or named by
     * no doctor (its use count, one GetItem), has none, and the caller need not walk at all.
     */
    public Members membersOf(String specialty) {
        boolean named = table.get(Keys.specialty(specialty)).map(item -> Schemas.SPECIALTY.uses.get(item) > 0).orElse(false);
        return new Members(specialty, named);
    }

    /** The doctors of one specialty, as far as looked up. */
    public final class Members {
        private final String specialty;
        private final boolean any;
        private final Map<String, Boolean> known = new HashMap<>();

        private Members(String specialty, boolean any) {
            this.specialty = specialty;
            this.any = any;
        }

        /** False when no doctor names the specialty (or it is not on the clinic's list). */
        public boolean any() {
            return any;
        }

        /** Learns whether each of these doctors names the specialty; those already known are not asked again. */
        public void lookUp(Collection<String> doctorIds) {
            List<String> unknown = doctorIds.stream().distinct().filter(id -> !known.containsKey(id)).toList();
            if (!any || unknown.isEmpty()) {
                return;
            }
            unknown.forEach(id -> known.put(id, false));
            table.getAll(unknown.stream().map(id -> Keys.doctorSpecialty(id, specialty)).toList())
                    .forEach(item -> known.put(Schemas.SPECIALTY_MEMBER.read(item), true));
        }

        /** Whether the doctor names it; false for a doctor not looked up. */
        public boolean includes(String doctorId) {
            return known.getOrDefault(doctorId, false);
        }
    }
}
