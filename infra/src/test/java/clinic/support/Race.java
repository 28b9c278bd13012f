package clinic.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Real threads released together by a barrier, for races between requests. */
public final class Race implements AutoCloseable {
    private final ExecutorService pool;

    public Race(int threads) {
        pool = Executors.newFixedThreadPool(threads);
    }

    /**
     * Runs {@code competitor} on a thread of its own and waits for it: a competitor that comes between a
     * request's read and its write (from an SDK interceptor on the request's thread), whose SDK calls are
     * then its own function's, not the request's (IamCalls tells them apart by thread).
     */
    public static void onItsOwnThread(String name, Runnable competitor) {
        Thread thread = new Thread(competitor, name);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the calls at the same instant and returns their replies in the calls' order. */
    @SafeVarargs
    public final List<Api.Reply> run(Supplier<Api.Reply>... calls) throws Exception {
        return run(List.of(calls));
    }

    /** As above, for a list of calls (at most as many as the race has threads). */
    public List<Api.Reply> run(List<Supplier<Api.Reply>> calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.size());
        List<Future<Api.Reply>> futures = new ArrayList<>();
        for (Supplier<Api.Reply> call : calls) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return call.get();
            }));
        }
        List<Api.Reply> replies = new ArrayList<>();
        for (Future<Api.Reply> future : futures) {
            replies.add(future.get(60, TimeUnit.SECONDS));
        }
        return replies;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
