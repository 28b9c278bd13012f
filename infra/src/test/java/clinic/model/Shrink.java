package clinic.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Shrinks a failing sequence outside jqwik (the soak's): drops chunks, then single steps, while it still fails. */
final class Shrink {
    private Shrink() {}

    static List<Step> shortest(List<Step> failing, Consumer<List<Step>> run, Duration budget) {
        long end = System.nanoTime() + budget.toNanos();
        // Steps after the failing one never ran: start from the prefix that failed.
        List<Step> current = new ArrayList<>(failing);
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk /= 2) {
            for (int at = current.size() - chunk; at >= 0 && System.nanoTime() < end; at -= chunk) {
                List<Step> candidate = new ArrayList<>(current.subList(0, at));
                candidate.addAll(current.subList(Math.min(current.size(), at + chunk), current.size()));
                if (!candidate.isEmpty() && fails(candidate, run)) {
                    current = candidate;
                }
            }
        }
        return current;
    }

    private static boolean fails(List<Step> steps, Consumer<List<Step>> run) {
        try {
            run.accept(steps);
            return false;
        } catch (AssertionError stillFails) {
            return true;
        }
    }
}
