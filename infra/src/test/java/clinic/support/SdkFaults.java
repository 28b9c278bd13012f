package clinic.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * The SDK calls a test class's clients make, recorded by operation name, and the faults the
 * emulator cannot produce, injected into them: moto never throttles, never loses a transaction
 * race, never refuses a key as too long, never denies a call for want of an IAM grant, never
 * drops a connection or an answer. Everything else the tests meet is the emulator's own answer.
 *
 * <p>A fault is armed for one operation ({@link #on}) or any ({@link #onAnyCall}), optionally
 * after letting some of those calls through ({@link Fault#after}) and for a number of them only
 * ({@link Fault#times}); it either throws before the call leaves ({@link Fault#thenThrow}: the SDK
 * does not retry it, so the code under test sees exactly one failure per call) or lets the call
 * reach the emulator and changes its answer ({@link Fault#thenAnswer}). Faults are tried in the
 * order they were armed; the first that applies to a call is the one injected. {@link #clear}
 * disarms them all.
 *
 * <p>Pass it to {@link EndToEndTest#interceptors()}; it is thread-safe, as the calls of racing
 * requests need.
 */
public final class SdkFaults implements ExecutionInterceptor {
    /** One call: the service's and the operation's names as the SDK gives them ({@code DynamoDb}, {@code GetItem}). */
    public record Call(String service, String operation, SdkRequest request) {}

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final List<Fault> armed = new CopyOnWriteArrayList<>();

    /** A fault for the calls of {@code operation} ({@code GetItem}, {@code PutEvents}), armed by its then-method. */
    public Fault on(String operation) {
        return new Fault(operation);
    }

    /** A fault for every call, whatever its operation. */
    public Fault onAnyCall() {
        return new Fault(null);
    }

    /** Disarms every fault and forgets the calls recorded. */
    public void clear() {
        armed.clear();
        forgetCalls();
    }

    /** Forgets the calls recorded so far; armed faults stay armed. */
    public void forgetCalls() {
        calls.clear();
        answered.clear();
    }

    /** The operations called since the last {@link #forgetCalls}, in order, the ones a fault stopped included. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The operations that got an answer from the emulator, in order: a call stopped by a fault or an error has none. */
    public List<String> answered() {
        return List.copyOf(answered);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Call call = new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request());
        calls.add(call.operation());
        for (Fault fault : armed) {
            if (fault.error != null && fault.appliesTo(call.operation(), call.request())) {
                throw fault.error.apply(call);
            }
        }
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (Fault fault : armed) {
            if (fault.answer != null && fault.appliesTo(operation, context.request())) {
                return fault.answer.apply(context.response());
            }
        }
        return context.response();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        answered.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /**
     * The error the call's service would send ({@code DynamoDbException} for DynamoDB,
     * {@code CognitoIdentityProviderException} for Cognito), with its HTTP status, error code and
     * message, e.g. {@code serviceError(call, 400, "AccessDeniedException", "User is not authorized ...")}.
     */
    public static AwsServiceException serviceError(Call call, int status, String code, String message) {
        AwsServiceException.Builder error = switch (call.request()) {
            case DynamoDbRequest r -> DynamoDbException.builder();
            case CognitoIdentityProviderRequest r -> CognitoIdentityProviderException.builder();
            default -> AwsServiceException.builder();
        };
        return error.statusCode(status).message(message).awsErrorDetails(AwsErrorDetails.builder()
                .serviceName(call.service()).errorCode(code).errorMessage(message).build()).build();
    }

    /** Which calls to fail and how; counts the calls it applies to from the moment it is armed. */
    public final class Fault {
        private final String operation;
        private Predicate<SdkRequest> requests = request -> true;
        private int skip;
        private int times = Integer.MAX_VALUE;
        private int seen;
        private int injected;
        private Function<Call, ? extends RuntimeException> error;
        private UnaryOperator<SdkResponse> answer;

        private Fault(String operation) {
            this.operation = operation;
        }

        /** Only for the calls whose request {@code matches} (one schedule's name, say); the others are not counted. */
        public Fault when(Predicate<SdkRequest> matches) {
            requests = matches;
            return this;
        }

        /** Lets the first {@code calls} through untouched. */
        public Fault after(int calls) {
            skip = calls;
            return this;
        }

        /** Injects into {@code calls} calls only (after those let through); every call, unless told. */
        public Fault times(int calls) {
            times = calls;
            return this;
        }

        public Fault once() {
            return times(1);
        }

        /** Arms the fault: the call throws {@code error}'s exception instead of being sent. */
        public Fault thenThrow(Function<Call, ? extends RuntimeException> error) {
            return arm(error, null);
        }

        /** Arms the fault: the call is sent, and its answer is replaced by what {@code answer} makes of it. */
        public Fault thenAnswer(UnaryOperator<SdkResponse> answer) {
            return arm(null, answer);
        }

        /** How many calls this fault has been injected into so far. */
        public synchronized int injected() {
            return injected;
        }

        private Fault arm(Function<Call, ? extends RuntimeException> error, UnaryOperator<SdkResponse> answer) {
            if (this.error != null || this.answer != null) {
                throw new IllegalStateException("a fault is armed once; arm another for another effect");
            }
            this.error = error;
            this.answer = answer;
            armed.add(this);
            return this;
        }

        private synchronized boolean appliesTo(String calledOperation, SdkRequest request) {
            if (operation != null && !operation.equals(calledOperation) || !requests.test(request)) {
                return false;
            }
            if (seen++ < skip || injected >= times) {
                return false;
            }
            injected++;
            return true;
        }
    }
}
