package clinic.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The primary key of one item of the table. */
record Key(String pk, String sk) {

    Map<String, AttributeValue> toMap() {
        return Map.of(Keys.PK, Items.s(pk), Keys.SK, Items.s(sk));
    }
}
