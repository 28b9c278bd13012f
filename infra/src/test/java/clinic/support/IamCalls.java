package clinic.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.GetScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.UpdateScheduleRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Records the IAM permissions that each function's SDK calls need, as IAM evaluates them: a
 * {@code TransactWriteItems} needs {@code PutItem}/{@code UpdateItem}/{@code DeleteItem}/
 * {@code ConditionCheckItem} for its items, a {@code Query} on an index needs the index's ARN, a
 * Cognito admin call needs {@code cognito-idp:<Action>} on the pool, a {@code PutEvents} needs
 * {@code events:PutEvents} on each bus its entries name.
 *
 * <p>A call belongs to the function whose handler class (template.yaml's {@code Handler}) is on the
 * calling thread's stack. That holds in Lambda and in the local API alike: a handler runs on the
 * thread that invokes it, its code makes its SDK calls on that thread, and the SDK runs a sync
 * client's interceptors on the caller's thread. A call with no handler on the stack is a test
 * fixture's (signing users up, populating slots), which no function makes; it is not recorded.
 */
public final class IamCalls implements ExecutionInterceptor {
    /**
     * An action on a resource; resources by the template's names: {@code Table},
     * {@code Table/index/ByDate}, {@code UserPool}, {@code EventBus}, {@code schedule/ScheduleGroup/*},
     * {@code SchedulerRole}.
     */
    public record Permission(String action, String resource) implements Comparable<Permission> {
        @Override
        public int compareTo(Permission other) {
            return (action + " " + resource).compareTo(other.action + " " + other.resource);
        }

        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    /** Cognito operations that IAM does not evaluate (the public client's own sign-in calls). */
    private static final Set<String> UNAUTHENTICATED_COGNITO = Set.of("InitiateAuth", "RespondToAuthChallenge",
            "GetTokensFromRefreshToken", "RevokeToken", "GlobalSignOut", "GetUser", "SignUp", "ConfirmSignUp");

    private final Map<String, String> functionOfHandler;
    private final Map<String, String> resourceNames = new ConcurrentHashMap<>();
    private final Map<String, Set<Permission>> needs = new ConcurrentHashMap<>();

    /** @param handlers each function's handler class, by logical id (CfnTemplate.handlers()) */
    public IamCalls(Map<String, String> handlers) {
        Map<String, String> byClass = new TreeMap<>();
        handlers.forEach((function, handler) -> {
            if (byClass.put(handler, function) != null) {
                throw new IllegalStateException(handler + " serves two functions; calls could not be told apart");
            }
        });
        this.functionOfHandler = byClass;
    }

    /** Names the stack's physical resources as the template does, e.g. the table's name as {@code Table}. */
    public IamCalls name(String physical, String logical) {
        resourceNames.put(physical, logical);
        return this;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        functionOnStack().ifPresent(function -> needs.computeIfAbsent(function, f -> ConcurrentHashMap.newKeySet())
                .addAll(permissions(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request())));
    }

    /** The function whose handler is running on this thread, if any. */
    public Optional<String> functionOnStack() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(functionOfHandler::containsKey).findFirst()).map(functionOfHandler::get);
    }

    /** What each function's recorded calls need, so far. */
    public Map<String, Set<Permission>> needs() {
        Map<String, Set<Permission>> copy = new TreeMap<>();
        needs.forEach((function, permissions) -> copy.put(function, new TreeSet<>(permissions)));
        return copy;
    }

    private List<Permission> permissions(String operation, SdkRequest request) {
        List<Permission> out = new ArrayList<>();
        switch (request) {
            case GetItemRequest r -> out.add(dynamo("GetItem", r.tableName()));
            case PutItemRequest r -> out.add(dynamo("PutItem", r.tableName()));
            case UpdateItemRequest r -> out.add(dynamo("UpdateItem", r.tableName()));
            case DeleteItemRequest r -> out.add(dynamo("DeleteItem", r.tableName()));
            case QueryRequest r -> out.add(dynamo("Query", index(r.tableName(), r.indexName())));
            case ScanRequest r -> out.add(dynamo("Scan", index(r.tableName(), r.indexName())));
            case BatchGetItemRequest r -> r.requestItems().keySet().forEach(table -> out.add(dynamo("BatchGetItem", table)));
            case BatchWriteItemRequest r -> r.requestItems().keySet().forEach(table -> out.add(dynamo("BatchWriteItem", table)));
            case TransactGetItemsRequest r -> r.transactItems().forEach(item -> out.add(dynamo("GetItem", item.get().tableName())));
            case TransactWriteItemsRequest r -> r.transactItems().forEach(item -> out.add(transactItem(item)));
            case CognitoIdentityProviderRequest r when UNAUTHENTICATED_COGNITO.contains(operation) -> { }
            case CognitoIdentityProviderRequest r -> out.add(new Permission("cognito-idp:" + operation,
                    named(r.getValueForField("UserPoolId", String.class).orElse("?"))));
            case CreateScheduleRequest r -> {
                out.add(schedule("CreateSchedule", r.groupName()));
                out.add(new Permission("iam:PassRole", named(r.target().roleArn())));
            }
            case UpdateScheduleRequest r -> {
                out.add(schedule("UpdateSchedule", r.groupName()));
                out.add(new Permission("iam:PassRole", named(r.target().roleArn())));
            }
            case DeleteScheduleRequest r -> out.add(schedule("DeleteSchedule", r.groupName()));
            case GetScheduleRequest r -> out.add(schedule("GetSchedule", r.groupName()));
            case PutEventsRequest r -> r.entries().stream().map(PutEventsRequestEntry::eventBusName).distinct()
                    .forEach(bus -> out.add(new Permission("events:PutEvents", named(bus == null ? "default" : bus))));
            // SES authorizes a send on the sender's identity (the address; a domain identity would be its domain).
            case SendEmailRequest r -> out.add(new Permission("ses:SendEmail", "identity/" + named(r.fromEmailAddress())));
            default -> out.add(new Permission("unmapped:" + operation, "?"));
        }
        return out;
    }

    private Permission transactItem(TransactWriteItem item) {
        if (item.put() != null) {
            return dynamo("PutItem", item.put().tableName());
        }
        if (item.update() != null) {
            return dynamo("UpdateItem", item.update().tableName());
        }
        if (item.delete() != null) {
            return dynamo("DeleteItem", item.delete().tableName());
        }
        return dynamo("ConditionCheckItem", item.conditionCheck().tableName());
    }

    /** A Scheduler call on a schedule of {@code group}: IAM evaluates it on {@code schedule/<group>/<name>}. */
    private Permission schedule(String action, String group) {
        return new Permission("scheduler:" + action, "schedule/" + named(group == null ? "default" : group) + "/*");
    }

    private static String index(String table, String index) {
        return index == null ? table : table + "/index/" + index;
    }

    private Permission dynamo(String action, String resource) {
        int slash = resource.indexOf('/');
        String table = slash < 0 ? resource : resource.substring(0, slash);
        return new Permission("dynamodb:" + action, named(table) + (slash < 0 ? "" : resource.substring(slash)));
    }

    private String named(String physical) {
        return resourceNames.getOrDefault(physical, physical);
    }
}
