package clinic.infra;

import static clinic.infra.CfnTemplate.map;

import clinic.domain.BookingEvent;
import clinic.http.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The template's event bus on the emulator, plus what only the local stack has: a rule that sends
 * every booking event on the bus to a queue (the "tap"), which tests read to see exactly what was
 * delivered and {@code ./dev events} prints.
 */
public final class LocalEvents {
    private static final String QUEUE_TARGET = "queue";
    private final EventBridgeClient eventBridge;
    private final SqsClient sqs;
    private final String bus;
    private final String rule;
    private final String tap;

    private LocalEvents(EventBridgeClient eventBridge, SqsClient sqs, String bus, String rule, String tap) {
        this.eventBridge = eventBridge;
        this.sqs = sqs;
        this.bus = bus;
        this.rule = rule;
        this.tap = tap;
    }

    /** Creates the bus (template resource {@code AWS::Events::EventBus}) and the local tap on it. */
    static LocalEvents provision(EventBridgeClient eventBridge, SqsClient sqs, CfnTemplate template, String name) {
        template.single("AWS::Events::EventBus");
        String bus = name + "-events";
        eventBridge.createEventBus(r -> r.name(bus));
        String rule = name + "-tap";
        String tap = ruleToQueue(eventBridge, sqs, bus, rule, Map.of("source", List.of(BookingEvent.SOURCE)));
        return new LocalEvents(eventBridge, sqs, bus, rule, tap);
    }

    /**
     * A rule on {@code bus} with {@code pattern} whose target is a new queue named as the rule, as
     * the local stack feeds what the emulator cannot run; returns the queue's URL.
     */
    static String ruleToQueue(EventBridgeClient eventBridge, SqsClient sqs, String bus, String rule, Object pattern) {
        String queue = sqs.createQueue(r -> r.queueName(rule)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        eventBridge.putRule(r -> r.name(rule).eventBusName(bus).eventPattern(Json.write(pattern)));
        eventBridge.putTargets(r -> r.rule(rule).eventBusName(bus).targets(t -> t.id(QUEUE_TARGET).arn(queueArn)));
        return queue;
    }

    /** Removes what {@link #ruleToQueue} made. */
    static void deleteRuleToQueue(EventBridgeClient eventBridge, SqsClient sqs, String bus, String rule, String queue) {
        eventBridge.removeTargets(r -> r.rule(rule).eventBusName(bus).ids(QUEUE_TARGET));
        eventBridge.deleteRule(r -> r.name(rule).eventBusName(bus));
        sqs.deleteQueue(r -> r.queueUrl(queue));
    }

    public String bus() {
        return bus;
    }

    public String tapQueueUrl() {
        return tap;
    }

    /**
     * Every event delivered to the tap since the last call, in delivery order, each as the bus
     * delivered it ({@code id}, {@code source}, {@code detail-type}, {@code detail}, ...).
     */
    public List<Map<String, Object>> delivered() {
        return delivered(sqs, tap, Duration.ZERO);
    }

    /** Reads (and removes) what the queue holds; waits up to {@code wait} for the first message. */
    static List<Map<String, Object>> delivered(SqsClient sqs, String queue, Duration wait) {
        List<Map<String, Object>> events = new ArrayList<>();
        int waitSeconds = (int) wait.toSeconds();
        while (true) {
            int seconds = waitSeconds;
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(seconds)).messages();
            if (messages.isEmpty()) {
                return events;
            }
            waitSeconds = 0;
            for (Message message : messages) {
                events.add(map(Json.parse(message.body())));
                sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        }
    }

    void delete() {
        deleteRuleToQueue(eventBridge, sqs, bus, rule, tap);
        eventBridge.deleteEventBus(r -> r.name(bus));
    }
}
