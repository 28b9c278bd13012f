package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.NameWords;
import clinic.domain.NewAccount;
import clinic.domain.Page;
import clinic.domain.PageRequest;
import clinic.domain.Role;
import clinic.domain.UserProfile;
import clinic.domain.UserRef;
import clinic.store.Tx.Condition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Profiles, and the claims that keep usernames and emails unique across the clinic. */
public final class UserStore {
    private final Table table;

    public UserStore(Table table) {
        this.table = table;
    }

    /** Reserves the username and the email together; 409 naming whichever is taken. */
    public void claim(NewAccount account) {
        Tx tx = table.transaction();
        tx.put(claimItem(Keys.usernameClaim(account.username())),
                Condition.absent().orRefuse(() -> Conflicts.alreadyExists("A user with that username")));
        tx.put(claimItem(Keys.emailClaim(account.email())),
                Condition.absent().orRefuse(() -> Conflicts.alreadyExists("A user with that email")));
        table.transact(tx);
    }

    /** Gives the claims back after a sign-up that could not finish. */
    public void release(NewAccount account) {
        Tx tx = table.transaction();
        tx.delete(Keys.usernameClaim(account.username()));
        tx.delete(Keys.emailClaim(account.email()));
        table.transact(tx);
    }

    /**
     * Saves a new profile: a doctor's enters the doctors' directory under their name, a patient's
     * comes with their name-search entries (issue 20), each in the same write.
     */
    public void save(UserProfile profile) {
        if (profile.role() != Role.DOCTOR && profile.role() != Role.PATIENT) {
            table.put(Schemas.PROFILE.item(Keys.profile(profile.id()), profile));
            return;
        }
        Tx tx = table.transaction();
        tx.put(Schemas.PROFILE.item(Keys.profile(profile.id()), profile));
        if (profile.role() == Role.DOCTOR) {
            DirectoryStore.enter(tx, profile);
            table.transact(tx);
            return;
        }
        UserRef patient = new UserRef(profile.id(), profile.username(), profile.name());
        for (String word : nameWords(profile)) {
            tx.put(Schemas.PATIENT_NAME.item(Keys.patientName(word, profile.id()), patient));
        }
        table.transact(tx);
    }

    /** The words a patient is found by: their username and name words, long enough for a term to reach (at most NameWords.MAX_WORDS). */
    private static List<String> nameWords(UserProfile profile) {
        return NameWords.of(profile.username(), profile.name()).stream()
                .filter(word -> word.codePointCount(0, word.length()) >= NameWords.MIN_TERM_WORD).toList();
    }

    /**
     * A page of patients whose name matches a term: one range ({@code word}'s) of one partition of
     * the name entries, in word and id order, each patient once (at the first of their words the
     * range holds), kept when {@code keep} accepts them. At most 2 × limit + 1 entries read (IndexWalk).
     */
    public Page<UserRef> searchPatients(String word, Optional<String> after, PageRequest page, Predicate<UserRef> keep) {
        String lo = word;
        String hi = word + Character.toString(Character.MAX_CODE_POINT);
        return IndexWalk.walk(table, List.of(new IndexWalk.Partition(null, Keys.PK, Keys.patientNamePartition(word), "")),
                Keys.SK, lo, hi, false, after, page, item -> {
                    UserRef patient = Schemas.PATIENT_NAME.read(item);
                    String entryWord = Items.str(item, Keys.SK);
                    entryWord = entryWord.substring(0, entryWord.lastIndexOf('#'));
                    String first = NameWords.of(patient.username(), patient.name()).stream()
                            .filter(w -> w.startsWith(word)).findFirst().orElse("");
                    return first.equals(entryWord) && keep.test(patient);
                }).map(Schemas.PATIENT_NAME::read);
    }

    /**
     * What {@link #save} adds beside a profile, for accounts made before it did (issue 20's upgrade,
     * {@code ./dev reindex}, which reads the table's items with an operator's Scan: no request path
     * scans): a doctor not yet in the directory enters it under their account name (only while they
     * have no directory profile and no entry there, so a profile they saved is never overwritten); a
     * patient's name-search entries are put again (the same items each time). Items other than
     * profiles are passed over. Returns the accounts it added something for.
     */
    public int reindex(Iterable<Map<String, AttributeValue>> items) {
        int added = 0;
        for (var item : items) {
            if (Keys.profile("").sk().equals(Items.str(item, Keys.SK)) && reindex(profile(item))) {
                added++;
            }
        }
        return added;
    }

    private boolean reindex(UserProfile profile) {
        if (profile.role() == Role.PATIENT) {
            List<String> words = nameWords(profile);
            UserRef patient = new UserRef(profile.id(), profile.username(), profile.name());
            table.putAll(words.stream().map(word -> Schemas.PATIENT_NAME.item(Keys.patientName(word, profile.id()), patient)).toList());
            return !words.isEmpty();
        }
        if (profile.role() != Role.DOCTOR || table.get(Keys.doctorProfile(profile.id())).isPresent()) {
            return false;
        }
        return DirectoryStore.enterIfAbsent(table, profile);
    }

    public Optional<UserProfile> profile(String userId) {
        return table.get(Keys.profile(userId)).map(UserStore::profile);
    }

    static UserProfile profile(Map<String, AttributeValue> item) {
        return Schemas.PROFILE.read(item);
    }

    static boolean isProfile(Map<String, AttributeValue> item) {
        return "PROFILE".equals(Items.optionalStr(item, Keys.SK));
    }

    private static Map<String, AttributeValue> claimItem(Key key) {
        return Schemas.CLAIM.item(key, key);
    }
}
