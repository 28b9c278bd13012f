package clinic.infra.bench;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Records, while on, each DynamoDB call: its operation, its request, and for a Query the items it read. */
final class Recorder implements ExecutionInterceptor {
    record Call(String operation, SdkRequest request) {}

    private final List<Call> calls = new ArrayList<>();
    private long scanned;
    private volatile boolean on;

    synchronized void start() {
        calls.clear();
        scanned = 0;
        on = true;
    }

    synchronized List<Call> stop() {
        on = false;
        return List.copyOf(calls);
    }

    synchronized long scanned() {
        return scanned;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (on) {
            synchronized (this) {
                calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (on && context.response() instanceof QueryResponse query && query.scannedCount() != null) {
            synchronized (this) {
                scanned += query.scannedCount();
            }
        }
    }
}
