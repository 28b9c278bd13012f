package clinic.store;

import clinic.domain.Conflicts;
import clinic.domain.NewAccount;
import clinic.domain.UserProfile;
import clinic.store.Tx.Condition;
import java.util.Map;
import java.util.Optional;
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

    /** Saves a new profile; a doctor's enters the doctors' directory under their name in the same write. */
    public void save(UserProfile profile) {
        if (profile.role() != clinic.domain.Role.DOCTOR) {
            table.put(Schemas.PROFILE.item(Keys.profile(profile.id()), profile));
            return;
        }
        Tx tx = table.transaction();
        tx.put(Schemas.PROFILE.item(Keys.profile(profile.id()), profile));
        DirectoryStore.enter(tx, profile);
        table.transact(tx);
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
