package clinic.model;

import clinic.support.Race;
import clinic.support.SdkFaults;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The faults a model step may meet, each once: a transaction that loses a race
 * ({@code TransactionConflict}), a throttled call, and a transaction's answer lost after it
 * committed. The last is what the SDK does on a connection reset: it sends the same request
 * again; DynamoDB answers a repeat of a request with the same {@code ClientRequestToken} with the
 * first one's success, and runs any other repeat again (so its conditions now fail).
 */
final class Faults implements ExecutionInterceptor {
    private static final List<String> THROTTLED = List.of("GetItem", "Query", "BatchGetItem", "TransactWriteItems");

    final SdkFaults sdk = new SdkFaults();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ExecutionAttribute<byte[]> REPEAT_BODY = new ExecutionAttribute<>("model.repeatBody");
    private final AtomicBoolean lostAnswer = new AtomicBoolean();
    private final AtomicBoolean lostOnce = new AtomicBoolean();
    private final AtomicInteger rotation = new AtomicInteger();
    private SdkFaults.Fault armed;


    final Weakening weakening = new Weakening();
    private volatile Runnable beforeWrite;

    List<ExecutionInterceptor> interceptors() {
        return List.of(sdk, this, weakening);
    }

    /**
     * Runs {@code competitor} once, just before the next transaction leaves the SDK: state changes
     * between the operation's reads and its write, so only the write's conditions can refuse it.
     */
    void beforeNextWrite(Runnable competitor) {
        beforeWrite = competitor;
    }

    private volatile boolean raced;

    /** Whether the competitor of {@link #beforeNextWrite} ran (since the last {@link #clear}). */
    boolean raced() {
        return raced;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Runnable competitor = beforeWrite;
        if (competitor != null && "TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            beforeWrite = null;
            raced = true;
            Race.onItsOwnThread("model-competitor", competitor);
        }
    }

    void arm(int kind, Coverage coverage) {
        switch (kind) {
            case 0 -> {
                coverage.count("fault TransactionConflict");
                armed = sdk.on("TransactWriteItems").once().thenThrow(call -> TransactionCanceledException.builder()
                        .message("Transaction cancelled (injected)")
                        .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build()).build());
            }
            case 1 -> {
                String operation = THROTTLED.get(rotation.getAndIncrement() % THROTTLED.size());
                coverage.count("fault throttled " + operation);
                armed = sdk.on(operation).once().thenThrow(call -> ProvisionedThroughputExceededException.builder()
                        .message("Rate exceeded (injected)").statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException").build()).build());
            }
            default -> {
                coverage.count("fault answer lost after the commit");
                lostAnswer.set(true);
            }
        }
    }

    boolean injected() {
        return armed != null && armed.injected() > 0 || lostOnce.get();
    }

    void clear() {
        sdk.clear();
        beforeWrite = null;
        raced = false;
        armed = null;
        lostAnswer.set(false);
        lostOnce.set(false);
    }

    /**
     * The first answer is dropped and the same HTTP request sent again, as the SDK's retry of a
     * connection reset would; its answer (an error, when the repeat's conditions fail) is what the
     * code sees. A request with a {@code ClientRequestToken} keeps the first answer: DynamoDB
     * answers such a repeat (within 10 minutes) with the first one's success.
     */
    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (!"TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                || !lostAnswer.compareAndSet(true, false)) {
            return context.httpResponse();
        }
        lostOnce.set(true);
        if (((TransactWriteItemsRequest) context.request()).clientRequestToken() != null) {
            return context.httpResponse();
        }
        try {
            SdkHttpRequest sent = context.httpRequest();
            byte[] body = context.requestBody().isPresent()
                    ? context.requestBody().get().contentStreamProvider().newStream().readAllBytes() : new byte[0];
            HttpRequest.Builder again = HttpRequest.newBuilder(sent.getUri()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            sent.headers().forEach((name, values) -> {
                if (!Set.of("host", "content-length", "connection", "expect").contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> again.header(name, v));
                }
            });
            HttpResponse<byte[]> repeat = HTTP.send(again.build(), HttpResponse.BodyHandlers.ofByteArray());
            attributes.putAttribute(REPEAT_BODY, repeat.body());
            return SdkHttpResponse.builder().statusCode(repeat.statusCode()).headers(repeat.headers().map()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        byte[] repeat = attributes.getAttribute(REPEAT_BODY);
        return repeat == null ? context.responseBody() : Optional.of(new ByteArrayInputStream(repeat));
    }
}
