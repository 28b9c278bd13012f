package clinic.infra;

import static clinic.infra.CfnTemplate.map;

import clinic.http.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The template's {@code EventBridgeRule} events, locally: for each function subscribed to the bus,
 * a rule with the template's own pattern on the emulator's bus, whose target is a queue instead of
 * the function (the emulator cannot run Lambda here); {@link #deliverOnce()} invokes the function
 * in-process with each event the bus routed to it, one event per invocation, as EventBridge does.
 *
 * <p>An invocation that throws is retried on later rounds, up to the rule's
 * {@code RetryPolicy.MaximumRetryAttempts} (EventBridge's default, 185, when the template sets
 * none), and then kept in {@link #deadLetters()}, where the template's dead-letter queue would get it.
 */
public final class LocalBusRules {
    private static final int EVENTBRIDGE_DEFAULT_RETRIES = 185;

    /** One function's subscription: its rule, its queue, its retry budget. */
    private record Subscription(String function, String rule, String queue, int retries) {}

    /** An event that failed and waits for its next try. */
    private record Retry(Subscription subscription, String event, int attempts) {}

    /** An event given up on, as a dead-letter queue would hold it. */
    public record DeadLetter(String function, String event, int attempts, String lastFault) {}

    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private final String bus;
    private final LocalFunctions functions;
    private final List<Subscription> subscriptions;
    private final List<Retry> retries = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    private LocalBusRules(EventBridgeClient eventBridge, SqsClient sqs, String bus, LocalFunctions functions,
                          List<Subscription> subscriptions) {
        this.eventBridge = eventBridge;
        this.sqs = sqs;
        this.bus = bus;
        this.functions = functions;
        this.subscriptions = subscriptions;
    }

    static LocalBusRules provision(EventBridgeClient eventBridge, SqsClient sqs, CfnTemplate template, String stack,
                                   String bus, LocalFunctions functions) {
        List<Subscription> subscriptions = new ArrayList<>();
        template.functionProperties().forEach((function, properties) -> {
            Map<String, Object> events = properties.get("Events") == null ? Map.of() : map(properties.get("Events"));
            events.forEach((eventName, value) -> {
                Map<String, Object> event = map(value);
                if (!"EventBridgeRule".equals(event.get("Type"))) {
                    return;
                }
                Map<String, Object> props = map(event.get("Properties"));
                String rule = stack + "-" + function + "-" + eventName;
                String queue = LocalEvents.ruleToQueue(eventBridge, sqs, bus, rule, props.get("Pattern"));
                Object retry = props.get("RetryPolicy") == null ? null : map(props.get("RetryPolicy")).get("MaximumRetryAttempts");
                subscriptions.add(new Subscription(function, rule, queue,
                        retry instanceof Number n ? n.intValue() : EVENTBRIDGE_DEFAULT_RETRIES));
            });
        });
        return new LocalBusRules(eventBridge, sqs, bus, functions, subscriptions);
    }

    /** The functions subscribed to the bus, with the rule each is fed by. */
    public Map<String, String> rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        subscriptions.forEach(s -> rules.put(s.function(), s.rule()));
        return rules;
    }

    /**
     * Retries the events that failed before, then delivers every event routed since the last
     * round; returns how many invocations succeeded. The first fault of the round is rethrown once
     * every event has had its try.
     */
    public synchronized int deliverOnce() {
        List<Retry> due = new ArrayList<>(retries);
        retries.clear();
        for (Subscription subscription : subscriptions) {
            for (Map<String, Object> event : LocalEvents.delivered(sqs, subscription.queue(), Duration.ZERO)) {
                due.add(new Retry(subscription, Json.write(event), 0));
            }
        }
        RuntimeException first = null;
        int delivered = 0;
        for (Retry attempt : due) {
            try {
                functions.invoke(attempt.subscription().function(), attempt.event());
                delivered++;
            } catch (RuntimeException fault) {
                first = first == null ? fault : first;
                int attempts = attempt.attempts() + 1;
                if (attempts > attempt.subscription().retries()) {
                    deadLetters.add(new DeadLetter(attempt.subscription().function(), attempt.event(), attempts,
                            fault.getClass().getSimpleName()));
                } else {
                    retries.add(new Retry(attempt.subscription(), attempt.event(), attempts));
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return delivered;
    }

    /** Events given up on after their last retry, oldest first. */
    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Runs {@link #deliverOnce()} every {@code millis} on a daemon thread until closed, as {@code ./dev up} does. */
    public AutoCloseable runEvery(long millis, Consumer<RuntimeException> onFault) {
        return Loop.every("local-bus-rules", millis, this::deliverOnce, onFault);
    }

    void delete() {
        for (Subscription s : subscriptions) {
            LocalEvents.deleteRuleToQueue(eventBridge, sqs, bus, s.rule(), s.queue());
        }
    }
}
