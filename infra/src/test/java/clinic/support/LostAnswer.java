package clinic.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An answer lost after the call took effect, as the SDK's retry of a connection reset makes it: the
 * first answer is dropped and the same HTTP request sent again, and the repeat's answer (an error,
 * when the repeat's condition fails on what the first wrote) is what the code sees. Armed for one
 * call whose operation and body match; moto cannot drop an answer.
 */
public final class LostAnswer implements ExecutionInterceptor {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ExecutionAttribute<byte[]> REPEAT_BODY = new ExecutionAttribute<>("lost-answer-repeat");

    private record Armed(String operation, Predicate<String> body) {}

    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private volatile int lost;

    /** Loses the answer of the next {@code operation} call whose request body contains {@code text}. */
    public void nextOf(String operation, String text) {
        armed.set(new Armed(operation, body -> body.contains(text)));
    }

    /** How many answers were lost so far. */
    public int lost() {
        return lost;
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Armed target = armed.get();
        if (target == null || !target.operation().equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return context.httpResponse();
        }
        try {
            byte[] body = context.requestBody().isPresent()
                    ? context.requestBody().get().contentStreamProvider().newStream().readAllBytes() : new byte[0];
            if (!target.body().test(new String(body, StandardCharsets.UTF_8)) || !armed.compareAndSet(target, null)) {
                return context.httpResponse();
            }
            lost++;
            SdkHttpRequest sent = context.httpRequest();
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
