package clinic.infra.bench;

import clinic.domain.Role;
import clinic.domain.UserRef;
import clinic.infra.Emulator;
import clinic.infra.bench.probe.BookingProbe;
import clinic.infra.bench.probe.HelloProbe;
import clinic.infra.bench.probe.SdkFloorProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Cold starts: each sample a fresh JVM with the template's JAVA_TOOL_OPTIONS and the deployed jar,
 * alternating the bare JVM, the SDK's floor (one TransactWriteItems from a bare client) and the
 * booking handler serving one booking. Wall time from process start to exit.
 */
final class ColdStart {
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private final Emulator emulator;
    private final Path jar;
    private final Path probes;
    private final int samples;

    ColdStart(Emulator emulator, Path jar, Path probes, int samples) {
        this.emulator = emulator;
        this.jar = jar;
        this.probes = probes;
        this.samples = samples;
    }

    List<Figure> run() throws Exception {
        Fixture fixture = new Fixture(emulator, "bench-cold", List.of());
        UserRef doctor = fixture.user("cold-doctor", Role.DOCTOR, "Cold Doctor");
        fixture.user("cold-patient", Role.PATIENT, "Cold Patient");
        LocalDate day = LocalDate.now().plusDays(3);
        fixture.declare(doctor, day, IntStream.rangeClosed(1, samples + 1).boxed().toList());

        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", Emulator.REGION, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", emulator.endpoint().toString(), "TABLE_NAME", fixture.table(),
                "USER_POOL_ID", fixture.stack.config().userPoolId(),
                "USER_POOL_CLIENT_ID", fixture.stack.config().userPoolClientId(), "CLINIC_TIME_ZONE", "UTC"));

        // one unmeasured round, so the page cache holds the jar for every measured one
        time(HelloProbe.class, List.of(), env);
        time(SdkFloorProbe.class, List.of(emulator.endpoint().toString(), Emulator.REGION, fixture.table(), "warm"), env);
        time(BookingProbe.class, List.of("cold-patient", "cold-doctor", day.toString(), Integer.toString(samples + 1)), env);

        List<Double> hello = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> handler = new ArrayList<>();
        for (int i = 1; i <= samples; i++) {
            hello.add(time(HelloProbe.class, List.of(), env));
            floor.add(time(SdkFloorProbe.class, List.of(emulator.endpoint().toString(), Emulator.REGION, fixture.table(), "s" + i), env));
            handler.add(time(BookingProbe.class, List.of("cold-patient", "cold-doctor", day.toString(), Integer.toString(i)), env));
            // a patient may hold one booking per slot: each sample books another slot of the day
        }
        fixture.close();
        double floorMedian = Stats.median(floor);
        return List.of(
                Figure.against("cold start", "in-JVM: handler construction vs bare client construction",
                        split(BookingProbe.class, 0), split(SdkFloorProbe.class, 0), "ms", samples, Double.POSITIVE_INFINITY),
                Figure.against("cold start", "in-JVM: first booking request vs the floor's first TransactWriteItems",
                        split(BookingProbe.class, 1), split(SdkFloorProbe.class, 1), "ms", samples, Double.POSITIVE_INFINITY),
                Figure.plain("cold start", "bare JVM (prints one line)", Stats.median(hello), "ms", samples),
                Figure.plain("cold start", "SDK floor: bare client + one TransactWriteItems", floorMedian, "ms", samples),
                Figure.against("cold start", "BookAppointment: construct + serve one booking", Stats.median(handler), floorMedian,
                        "ms", samples, 1.2),
                Figure.against("cold start", "BookAppointment above the bare JVM, vs SDK floor above the bare JVM",
                        Stats.median(handler) - Stats.median(hello), floorMedian - Stats.median(hello), "ms", samples, 1.2));
    }

    /** The in-JVM split a probe prints: construction (init) and the first request, in ms. */
    private final Map<String, List<double[]>> splits = new HashMap<>();

    private double time(Class<?> probe, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_FLAGS);
        String extra = System.getenv("BENCH_PROBE_OPTS"); // for diagnosis, e.g. -Xlog:class+load:file=...
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.replace("{probe}", probe.getSimpleName()).trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(jar + java.io.File.pathSeparator + probes);
        command.add(probe.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(probe.getSimpleName() + " failed: " + new String(output));
        }
        double wall = Stats.millis(System.nanoTime() - start);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("timing init=([\\d.]+) request=([\\d.]+)").matcher(new String(output));
        if (m.find()) {
            splits.computeIfAbsent(probe.getSimpleName(), k -> new ArrayList<>())
                    .add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return wall;
    }

    private double split(Class<?> probe, int part) {
        return Stats.median(splits.get(probe.getSimpleName()).stream().skip(1).map(s -> s[part]).toList());
    }
}
