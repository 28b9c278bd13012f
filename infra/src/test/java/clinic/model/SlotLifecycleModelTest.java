package clinic.model;

import clinic.infra.LocalApi;
import clinic.infra.LocalResources;
import clinic.support.Api;
import clinic.support.TestStack;
import clinic.support.Users;
import clinic.support.Users.User;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.assertj.core.api.Assertions;

/**
 * The model-based test of the whole API (issue 18, section 2): random sequences of every operation
 * by three patients, two doctors and an admin against the real handlers over HTTP, with the clock
 * moved, timers fired early, late and twice, and faults injected; after every step the answer, the
 * table and the liveness promises are compared with {@link Model}. See docs/decisions.md, "The slot
 * lifecycle model".
 *
 * <p>A failure prints the step that failed, the run so far and a {@code -Dmodel.replay="..."} line;
 * jqwik then shrinks the sequence and prints the shortest one it found (its {@code steps}), which
 * {@link #replay()} runs again: {@code ./dev test -Dtest='SlotLifecycleModelTest#replay' -Dmodel.replay="BOOK(0,0,0,0) ..."}.
 */
class SlotLifecycleModelTest {
    static final int STEPS = 30;
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static LocalResources stack;
    private static LocalApi server;
    private static Api api;
    private static Users users;
    private static User admin;
    private static Faults faults;
    static final Coverage COVERAGE = new Coverage();

    @BeforeContainer
    static void start() {
        faults = new Faults();
        stack = TestStack.fresh(SlotLifecycleModelTest.class, faults.interceptors(), ZoneId.of("UTC"));
        server = TestStack.serve(stack);
        api = new Api(server.url());
        users = new Users(stack.app());
        stack.app().timeSlots().populate();
        admin = users.admin();
    }

    @AfterContainer
    static void stop() {
        System.out.println("[model] " + RUNS.get() + " runs covered:\n" + COVERAGE.report());
        try {
            Assertions.assertThat(TestStack.missingGrants()).as("calls the template's IAM grants would refuse on AWS").isEmpty();
        } finally {
            if (server != null) {
                server.close();
            }
            if (stack != null) {
                stack.delete();
                stack.close();
            }
        }
    }

    @Property(tries = 200, afterFailure = AfterFailureMode.SAMPLE_FIRST, edgeCases = EdgeCasesMode.NONE)
    void everyOperationAnswersAsTheModelPredictsAndNoRuleOrPromiseBreaks(@ForAll("sequences") List<Step> steps) {
        newRun().run(steps);
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        return Step.sequences(STEPS);
    }

    /** Runs the sequence given in {@code -Dmodel.replay} (a failure's line, or jqwik's shrunk sample). */
    @Example
    void replay() {
        String line = System.getProperty("model.replay");
        if (line == null || line.isBlank()) {
            System.out.println("[model] replay skipped: no -Dmodel.replay=\"STEP(a,b,c,d) ...\" given");
            return;
        }
        newRun().run(Step.parse(line));
    }

    static ModelRun newRun() {
        RUNS.incrementAndGet();
        List<User> patients = List.of(users.patient("Pat One"), users.patient("Pia Two"), users.patient("Poe Three"));
        List<User> doctors = List.of(users.doctor("Dee First"), users.doctor("Dan Second"));
        // A date no run used, after every instant an earlier run moved the clock to.
        LocalDate date = LocalDate.ofInstant(stack.clock().instant(), ZoneId.of("UTC")).plusDays(2);
        return new ModelRun(stack, api, faults, COVERAGE, patients, doctors, admin, date);
    }
}
