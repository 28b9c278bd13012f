package clinic.store;

import clinic.domain.Availability;
import clinic.domain.StaleRead;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One convention for reading items: a required attribute that is missing is an error naming the item. */
class ItemsTest {
    private static Map<String, AttributeValue> availabilityItem() {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "PK", Items.s("DOCTOR#d"), "SK", Items.s("SLOT#2030-01-15#0001"), "id", Items.s("a"),
                "doctor", Items.s("d"), "doctor_username", Items.s("dana"), "doctor_name", Items.s("Dana"),
                "date", Items.s("2030-01-15"), "slot", Items.n(1), "start", Items.s("09:00"), "end", Items.s("09:30")));
        item.put("status", Items.s("open"));
        return item;
    }

    @Test
    void anOptionalAttributeMayBeMissingAndAVersionlessItemReadsAsVersionZero() {
        Availability availability = AvailabilityStore.availability(availabilityItem());
        assertThat(availability.appointmentId()).isNull();
        assertThat(availability.status()).isEqualTo(Availability.Status.OPEN);
        assertThat(availability.version()).isZero();
    }

    @Test
    void aMissingRequiredAttributeIsAnErrorNamingTheItemAndTheAttribute() {
        var item = availabilityItem();
        item.remove("slot");
        assertThatThrownBy(() -> AvailabilityStore.availability(item)).isInstanceOf(Items.MissingAttribute.class)
                .hasMessageContaining("DOCTOR#d / SLOT#2030-01-15#0001").hasMessageContaining("'slot'");
        var noDate = availabilityItem();
        noDate.remove("date");
        assertThatThrownBy(() -> AvailabilityStore.availability(noDate)).isInstanceOf(Items.MissingAttribute.class)
                .hasMessageContaining("'date'");
    }

    @Test
    void anEnumValueThatIsNoneOfItsConstantsIsAnErrorToo() {
        var item = availabilityItem();
        item.put("status", Items.s("maybe"));
        assertThatThrownBy(() -> AvailabilityStore.availability(item)).isInstanceOf(Items.MissingAttribute.class)
                .hasMessageContaining("'status'");
    }

    @Test
    void aConditionCannotExistWithoutTheOutcomeOfItsFailure() {
        assertThatThrownBy(() -> new Tx.Condition("attribute_exists(#PK)", Map.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("outcome");
        Tx tx = new Tx("table");
        tx.delete(new Key("A", "B"));
        tx.delete(new Key("C", "D"), Tx.Condition.absent().orReread());
        assertThat(tx.failure(1, Map.of())).isInstanceOf(StaleRead.class);
        assertThatThrownBy(() -> tx.failure(0, Map.of())).isInstanceOf(IllegalStateException.class);
    }
}
