package clinic.infra.bench;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Records, while on, each DynamoDB call: its operation, its request, for a Query the items it read,
 * and the time the SDK spent on all of them (from the request handed to the SDK to its answer).
 */
final class Recorder implements ExecutionInterceptor {
    record Call(String operation, SdkRequest request) {}

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench-call-started");

    private final List<Call> calls = new ArrayList<>();
    private long scanned;
    private long sdkNanos;
    private volatile boolean on;

    synchronized void start() {
        calls.clear();
        scanned = 0;
        sdkNanos = 0;
        on = true;
    }

    /** The SDK's time on the calls made since {@link #start()}. */
    synchronized long sdkNanos() {
        return sdkNanos;
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
        attributes.putAttribute(STARTED, System.nanoTime());
        if (on) {
            synchronized (this) {
                calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        ended(attributes);
        if (on && context.response() instanceof QueryResponse query && query.scannedCount() != null) {
            synchronized (this) {
                scanned += query.scannedCount();
            }
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        ended(attributes);
    }

    private void ended(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (on && started != null) {
            synchronized (this) {
                sdkNanos += System.nanoTime() - started;
            }
        }
    }
}
