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
        String tap = sqs.createQueue(r -> r.queueName(name + "-tap")).queueUrl();
        String tapArn = sqs.getQueueAttributes(r -> r.queueUrl(tap).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String rule = name + "-tap";
        eventBridge.putRule(r -> r.name(rule).eventBusName(bus)
                .eventPattern(Json.write(Map.of("source", List.of(BookingEvent.SOURCE)))));
        eventBridge.putTargets(r -> r.rule(rule).eventBusName(bus).targets(t -> t.id("tap").arn(tapArn)));
        return new LocalEvents(eventBridge, sqs, bus, rule, tap);
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
        eventBridge.removeTargets(r -> r.rule(rule).eventBusName(bus).ids("tap"));
        eventBridge.deleteRule(r -> r.name(rule).eventBusName(bus));
        eventBridge.deleteEventBus(r -> r.name(bus));
        sqs.deleteQueue(r -> r.queueUrl(tap));
    }
}
