package clinic.notify;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import clinic.store.Outbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sent marker must outlive every later delivery of its notification, or a redrive sends the
 * email twice (issue 18, defect 6: markers lived 7 days, dead letters 14). The bounds are read
 * from template.yaml, so neither side can drift from the other.
 */
class SentMarkerLifetimeTest {
    private final CfnTemplate template = CfnTemplate.read(Repo.template());

    @Test
    void aSentMarkerOutlivesTheLatestRedeliveryTheTemplateAllows() {
        long deadLetterSeconds = number(props("NotificationDeadLetters").get("MessageRetentionPeriod"));
        List<Long> invokeAges = new ArrayList<>();
        List<Long> ruleAges = new ArrayList<>();
        for (String function : List.of("Notify", "Remind")) {
            Map<String, Object> properties = props(function);
            assertThat(map(properties.get("DeadLetterQueue")).get("TargetArn").toString())
                    .as(function + " gives up into the notification dead letters").contains("NotificationDeadLetters");
            invokeAges.add(number(map(properties.get("EventInvokeConfig")).get("MaximumEventAgeInSeconds")));
            map(properties.get("Events")).values().forEach(event -> {
                Map<String, Object> retry = map(map(map(event).get("Properties")).get("RetryPolicy"));
                if (!retry.isEmpty()) {
                    ruleAges.add(number(retry.get("MaximumEventAgeInSeconds")));
                }
            });
        }
        Duration latest = Outbox.KEPT                                      // republished until its outbox item expires
                .plus(Notifier.SCHEDULER_RETRIES)                          // a reminder's invoke, retried by Scheduler
                .plus(Duration.ofSeconds(ruleAges.stream().mapToLong(Long::longValue).max().orElseThrow()))
                .plus(Duration.ofSeconds(invokeAges.stream().mapToLong(Long::longValue).max().orElseThrow()))
                .plus(Duration.ofSeconds(deadLetterSeconds));              // waiting for a redrive

        assertThat(Notifier.LATEST_REDELIVERY).as("the code's reckoning agrees with the template").isEqualTo(latest);
        assertThat(Notifier.MARKER_KEPT).as("a marker outlives the latest redelivery").isGreaterThan(latest);
    }

    private Map<String, Object> props(String logicalId) {
        Map<String, Object> resource = template.resource(logicalId);
        assertThat(resource).as(logicalId + " in template.yaml").isNotEmpty();
        return map(resource.get("Properties"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static long number(Object value) {
        return Long.parseLong(String.valueOf(value));
    }
}
