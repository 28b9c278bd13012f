package clinic.model;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One step of a model run: an operation and four small numbers that pick its actor, target and
 * arguments. The numbers are resolved against the run's state when the step runs (an index modulo
 * what exists), so any sequence is valid, shrinks well (drop steps, lower numbers), and prints as a
 * line that replays it ({@link #format}, {@link #parse}).
 */
public record Step(Op op, int a, int b, int c, int d) {

    /** Every operation the model knows, with its weight in a random sequence. */
    public enum Op {
        DECLARE(8), CLOSE(3), REOPEN(4), MOVE(2), DELETE(2),
        BOOK(10), CANCEL(8), RESCHEDULE(4),
        JOIN(8), LEAVE(2), ACCEPT(6), DECLINE(5),
        CLOCK(6), CLOCK_LARGE(1), TIMER_EARLY(3), TIMER_TWICE(1), TIMER_LOST(1),
        LIST(2), FAULT(3), RACE(3), COMPETE(4),
        /** An admin sets a doctor's own booking policy (issue 19): notice, horizon, cancellation cutoff. */
        POLICY(2),
        // Issue 19: a doctor's weekly pattern set (for the run's date), the day's roll-forward.
        HOURS(3), ROLL(1),
        /** Issue 19: time off over the run's date, by the doctor or an admin (another doctor: 403), or its end. */
        TIME_OFF(2),
        /** Issue 18: a patient's joins on later dates up to their cap, and two racing for the last seat. */
        JOIN_CAP(1),
        /** Issue 18: an admin moves or deletes a time slot between a declaration's read and its write. */
        SLOT_EDIT(1),
        /** Issue 20: a doctor's specialties set by the doctor or an admin (the other doctor: 403). */
        PROFILE(4),
        /** Issue 20: a patient's open list of the run's date for one specialty, every page, predicted slot by slot. */
        LIST_SPECIALTY(2),
        /**
         * Issue 20: the front desk. Staff book, cancel (with a reason) or move for a patient they name;
         * a patient naming another patient is 403 and changes nothing.
         */
        STAFF(4),
        /** Issue 20: the visit's status (arrived, fulfilled, noshow) recorded by its doctor, the admin, staff, or another (403/404). */
        VISIT(4),
        /** Issue 20: the directory's races (a profile saved twice, a profile naming a specialty being removed, a name added twice). */
        DIRECTORY_RACE(1);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    @Override
    public String toString() {
        return op + "(" + a + "," + b + "," + c + "," + d + ")";
    }

    /** The sequence as one line that {@link #parse} reads back. */
    public static String format(List<Step> steps) {
        return String.join(" ", steps.stream().map(Step::toString).toList());
    }

    /** Reads a line of {@link #format}, or jqwik's print of the list ({@code [BOOK(1,2,3,4), ...]}). */
    public static List<Step> parse(String line) {
        List<Step> steps = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("([A-Z_]+)\\((\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+)\\)").matcher(line);
        while (matcher.find()) {
            steps.add(new Step(Op.valueOf(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                    Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5))));
        }
        return steps;
    }

    /** A random sequence from a seed of its own, as the soak draws them (no jqwik: the seed alone replays it). */
    public static List<Step> random(long seed, int length) {
        java.util.Random random = new java.util.Random(seed);
        int total = java.util.Arrays.stream(Op.values()).mapToInt(op -> op.weight).sum();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(total);
            Op chosen = Op.values()[0];
            for (Op op : Op.values()) {
                if (pick < op.weight) {
                    chosen = op;
                    break;
                }
                pick -= op.weight;
            }
            steps.add(new Step(chosen, random.nextInt(64), random.nextInt(64), random.nextInt(64), random.nextInt(64)));
        }
        return steps;
    }

    public static Arbitrary<Step> any() {
        List<net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends Op>>> ops = new ArrayList<>();
        for (Op op : Op.values()) {
            ops.add(net.jqwik.api.Tuple.of(op.weight, Arbitraries.just(op)));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Arbitrary<Op> op = Arbitraries.frequencyOf(ops.toArray(new net.jqwik.api.Tuple.Tuple2[0]));
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 63);
        return Combinators.combine(op, small, small, small, small).as(Step::new);
    }

    public static Arbitrary<List<Step>> sequences(int maxSteps) {
        // Full length nearly always (the budget counts steps); shorter ones exist so shrinking can drop steps.
        return any().list().ofMinSize(1).ofMaxSize(maxSteps).withSizeDistribution(MOSTLY_FULL);
    }

    private static final net.jqwik.api.RandomDistribution MOSTLY_FULL = new net.jqwik.api.RandomDistribution() {
        @Override
        public RandomNumericGenerator createGenerator(int genSize, java.math.BigInteger min, java.math.BigInteger max,
                                                      java.math.BigInteger center) {
            return random -> random.nextInt(10) < 9 ? max
                    : min.add(java.math.BigInteger.valueOf(random.nextInt(max.subtract(min).intValueExact() + 1)));
        }
    };
}
