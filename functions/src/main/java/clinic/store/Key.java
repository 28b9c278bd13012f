package clinic.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The primary key of one item of the table. */
record Key(String pk, String sk) {

    // Written out rather than left to the record: a record's own equals and hashCode are bootstrapped
    // through java.lang.runtime.ObjectMethods on first use (~15 ms of spun method handles in a cold
    // start), and a booking hashes keys on its first read.
    @Override
    public boolean equals(Object other) {
        return other instanceof Key key && pk.equals(key.pk) && sk.equals(key.sk);
    }

    @Override
    public int hashCode() {
        return 31 * pk.hashCode() + sk.hashCode();
    }

    Map<String, AttributeValue> toMap() {
        return Map.of(Keys.PK, Items.s(pk), Keys.SK, Items.s(sk));
    }
}
