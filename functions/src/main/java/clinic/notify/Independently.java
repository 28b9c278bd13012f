package clinic.notify;

import java.util.List;

/**
 * Steps of one delivery that must each be tried whatever the others do (the emails and the
 * reminder's timer; one recipient's email and the other's): each runs, and the first failure is
 * thrown once all have run, the later ones suppressed into it, so the delivery still fails and is
 * retried. A retry is safe because each step is: emails are claimed by sent markers, timers are
 * set by name.
 */
final class Independently {
    private Independently() {}

    static void run(List<Runnable> steps) {
        RuntimeException first = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException failed) {
                if (first == null) {
                    first = failed;
                } else {
                    first.addSuppressed(failed);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
