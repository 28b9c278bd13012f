package clinic.infra;

import java.util.function.Consumer;

/** A local stand-in for a managed poller: runs a step every so often on a daemon thread until closed. */
final class Loop {
    private Loop() {}

    static AutoCloseable every(String name, long millis, Runnable step, Consumer<RuntimeException> onFault) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    step.run();
                } catch (RuntimeException fault) {
                    onFault.accept(fault);
                }
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread::interrupt;
    }
}
