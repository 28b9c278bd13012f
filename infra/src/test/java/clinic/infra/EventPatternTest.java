package clinic.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.http.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template's stream filter, as the local event source mapping applies it. */
class EventPatternTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) Json.parse(text);
    }

    /** The publisher's filter, as template.yaml declares it. */
    private static final Map<String, Object> OUTBOX = json((String) CfnTemplate.map(CfnTemplate.list(CfnTemplate.map(
            LocalEventSource.streamEventOf(CfnTemplate.read(Repo.template()), "PublishEvents").get("FilterCriteria"))
            .get("Filters")).get(0)).get("Pattern"));

    private static Map<String, Object> record(String eventName, String pk) {
        return Map.of("eventName", eventName, "dynamodb", Map.of("Keys", Map.of("PK", Map.of("S", pk), "SK", Map.of("S", "EVENT"))));
    }

    @Test
    void selectsOnlyNewOutboxItems() {
        assertThat(EventPattern.matches(OUTBOX, record("INSERT", "OUTBOX#a1-v1"))).isTrue();
        assertThat(EventPattern.matches(OUTBOX, record("REMOVE", "OUTBOX#a1-v1"))).as("expired by TTL").isFalse();
        assertThat(EventPattern.matches(OUTBOX, record("MODIFY", "OUTBOX#a1-v1"))).isFalse();
        assertThat(EventPattern.matches(OUTBOX, record("INSERT", "APPT#a1"))).isFalse();
        assertThat(EventPattern.matches(OUTBOX, Map.of("eventName", "INSERT"))).isFalse();
    }

    @Test
    void refusesOperatorsItDoesNotImplement() {
        assertThatThrownBy(() -> EventPattern.matches(json("{\"eventName\": [{\"anything-but\": \"REMOVE\"}]}"),
                Map.of("eventName", "INSERT"))).isInstanceOf(IllegalArgumentException.class);
    }
}
