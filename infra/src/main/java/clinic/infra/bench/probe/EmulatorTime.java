package clinic.infra.bench.probe;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Adds up the time the emulator says it spent serving each call of this process (its
 * {@code X-Emulator-Micros} answer header, infra/moto/serialized_moto.py), so a cold start can be
 * read without the emulator's share: moto, a Python process, serves a 14-item transaction in 30 to
 * 150 ms where DynamoDB takes a few, and that time is neither the handler's nor its start-up.
 *
 * <p>The cold-start probes' jar names it as an SDK global interceptor
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}), so every client in the
 * probe's JVM, the handler's own included, reports to it unchanged. Nothing else loads it.
 */
public final class EmulatorTime implements ExecutionInterceptor {
    /** The header the emulator answers with. */
    public static final String HEADER = "X-Emulator-Micros";
    private static final AtomicLong MICROS = new AtomicLong();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        context.httpResponse().firstMatchingHeader(HEADER).ifPresent(value -> MICROS.addAndGet(Long.parseLong(value)));
    }

    /** The emulator's time for every call so far, in ms. */
    public static double millis() {
        return MICROS.get() / 1000.0;
    }
}
