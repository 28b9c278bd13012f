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
 * alternating the bare JVM, the floor (the card's minimal stack: a bare client and an ObjectMapper,
 * one body read into a record, one TransactWriteItems, one record written) and the booking handler
 * serving one booking. Wall time from process start to exit; also without the time the emulator
 * says it spent serving each probe's calls ({@link clinic.infra.bench.probe.EmulatorTime}), which
 * is moto's, not the handler's. With an emulator that does not say, that time is 0.
 */
final class ColdStart {
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    /** The target for the handler against the card's own floor. */
    static final double TARGET = 1.15;

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

    /** A fresh, small table per sample: moto's cost for a transaction grows with the table, and every sample should pay the same. */
    private record Sample(Fixture fixture, UserRef doctor, LocalDate day, Map<String, String> env) {}

    private Sample sample(String name) {
        Fixture fixture = new Fixture(emulator, name, List.of());
        UserRef doctor = fixture.user(Fixture.id("cold-doctor"), Role.DOCTOR, "Cold Doctor");
        fixture.user("cold-patient", Role.PATIENT, "Cold Patient");
        LocalDate day = LocalDate.now().plusDays(3);
        fixture.declare(doctor, day, List.of(1, 2, 3, 4));
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", Emulator.REGION, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", emulator.endpoint().toString(), "TABLE_NAME", fixture.table(),
                "USER_POOL_ID", fixture.stack.config().userPoolId(),
                "USER_POOL_CLIENT_ID", fixture.stack.config().userPoolClientId(), "CLINIC_TIME_ZONE", "UTC"));
        return new Sample(fixture, doctor, day, env);
    }

    private List<String> booking(Sample sample, int slot) {
        return List.of("cold-patient", Fixture.id("cold-doctor"), sample.day().toString(), Integer.toString(slot));
    }

    private List<String> floorArgs(Sample sample, String key, String... more) {
        List<String> args = new ArrayList<>(List.of(emulator.endpoint().toString(), Emulator.REGION, sample.fixture().table(), key));
        args.addAll(List.of(more));
        return args;
    }

    List<Figure> run() throws Exception {
        probeJar = buildProbeJar();
        Path archive = Path.of(System.getProperty("java.io.tmpdir"), "clinic-booking-" + ProcessHandle.current().pid() + ".jsa");
        java.nio.file.Files.deleteIfExists(archive);
        List<String> withArchive = List.of("-XX:SharedArchiveFile=" + archive);

        // One unmeasured round, so the page cache holds the jar; it also trains the AppCDS archive
        // (the classes a booking loads) and warms this JVM's own booking path for the warm figures.
        Sample first = sample("bench-cold-0");
        time(HelloProbe.class, List.of(), first.env());
        time(SdkFloorProbe.class, floorArgs(first, "train"), first.env());
        time(BookingProbe.class, booking(first, 1), first.env(), List.of("-XX:ArchiveClassesAtExit=" + archive));
        splits.clear(); // the unmeasured round's splits are not samples
        for (int i = 0; i < 30; i++) {
            warmOnce(first, 2, i);
        }
        first.fixture().close();

        List<Double> hello = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        List<Double> handler = new ArrayList<>();
        List<Double> floorWithRead = new ArrayList<>();
        List<Double> cds = new ArrayList<>();
        List<Double> warmBookings = new ArrayList<>();
        List<Double> warmFloors = new ArrayList<>();
        for (int i = 1; i <= samples; i++) {
            Sample sample = sample("bench-cold-" + i);
            hello.add(time(HelloProbe.class, List.of(), sample.env()));
            // Which of the two goes first alternates, so neither always follows the other's traffic.
            if (i % 2 == 1) {
                floor.add(time(SdkFloorProbe.class, floorArgs(sample, "s"), sample.env()));
                handler.add(time(BookingProbe.class, booking(sample, 1), sample.env()));
            } else {
                handler.add(time(BookingProbe.class, booking(sample, 1), sample.env()));
                floor.add(time(SdkFloorProbe.class, floorArgs(sample, "s"), sample.env()));
            }
            floorWithRead.add(time(SdkFloorProbe.class, floorArgs(sample, "r", "read-first"), sample.env()));
            cds.add(time(BookingProbe.class, booking(sample, 2), sample.env(), withArchive));
            double[] warm = warmOnce(sample, 3, i);
            warmBookings.add(warm[0]);
            warmFloors.add(warm[1]);
            double floorOwn = samplesOf(SdkFloorProbe.class).getLast().withoutEmulatorMs();
            double handlerOwn = samplesOf(BookingProbe.class).getLast().withoutEmulatorMs();
            System.out.printf("bench: cold sample %d: bare JVM %.0f, floor %.0f, handler %.0f (%.3f); without the emulator's time: floor %.0f,"
                            + " handler %.0f (%.3f); floor with a read %.0f, handler with AppCDS %.0f ms%n",
                    i, hello.getLast(), floor.getLast(), handler.getLast(), handler.getLast() / floor.getLast(),
                    floorOwn, handlerOwn, handlerOwn / floorOwn, floorWithRead.getLast(), cds.getLast());
            sample.fixture().close();
        }
        double[] warm = {Stats.median(warmBookings), Stats.median(warmFloors)};
        java.nio.file.Files.deleteIfExists(archive);
        double floorMedian = Stats.median(floor);
        return List.of(
                Figure.against("cold start", "in-JVM: handler construction vs bare client + ObjectMapper construction",
                        split(BookingProbe.class, Split::initMs), split(SdkFloorProbe.class, Split::initMs), "ms", samples, Double.POSITIVE_INFINITY),
                Figure.against("cold start", "in-JVM: first booking request vs the floor's first TransactWriteItems",
                        split(BookingProbe.class, Split::requestMs), split(SdkFloorProbe.class, Split::requestMs), "ms", samples, Double.POSITIVE_INFINITY),
                Figure.plain("cold start", "bare JVM (prints one line)", Stats.median(hello), "ms", samples),
                Figure.plain("cold start", "floor: bare client + ObjectMapper (body into a record, one TransactWriteItems, record out)",
                        floorMedian, "ms", samples),
                Figure.against("cold start", "BookAppointment: construct + serve one booking", Stats.median(handler), floorMedian,
                        "ms", samples, TARGET),
                Figure.against("cold start", "BookAppointment above the bare JVM, vs the floor above the bare JVM",
                        Stats.median(handler) - Stats.median(hello), floorMedian - Stats.median(hello), "ms", samples, TARGET),
                Figure.against("cold start", "BookAppointment without the emulator's time serving its calls, vs the floor without its",
                        split(BookingProbe.class, Split::withoutEmulatorMs), split(SdkFloorProbe.class, Split::withoutEmulatorMs), "ms", samples, TARGET),
                Figure.against("cold start", "cold-start overhead: BookAppointment cold minus warm, vs the floor cold minus warm",
                        Stats.median(handler) - warm[0], floorMedian - warm[1], "ms", samples, TARGET),
                Figure.plain("cold start", "warm booking through the handler (same emulator and table)", warm[0], "ms", samples),
                Figure.plain("cold start", "warm floor TransactWriteItems (same emulator and table)", warm[1], "ms", samples),
                Figure.against("cold start", "BookAppointment vs the floor of its own calls (BatchGetItem + TransactWriteItems)",
                        Stats.median(handler), Stats.median(floorWithRead), "ms", samples, Double.POSITIVE_INFINITY),
                Figure.against("cold start", "BookAppointment with an AppCDS archive, vs without", Stats.median(cds),
                        Stats.median(handler), "ms", samples, Double.POSITIVE_INFINITY),
                Figure.against("cold start", "CPU time of the process (all its threads; the emulator's excluded): BookAppointment vs the floor",
                        split(BookingProbe.class, Split::cpuMs), split(SdkFloorProbe.class, Split::cpuMs), "ms", samples, Double.POSITIVE_INFINITY),
                Figure.against("cold start", "resident memory after one booking, vs the floor's", split(BookingProbe.class, Split::residentMib),
                        split(SdkFloorProbe.class, Split::residentMib), "MiB", samples, Double.POSITIVE_INFINITY));
    }

    /**
     * What the same requests cost once loaded and compiled, measured in this JVM on the sample's
     * table right after its cold runs: a booking through the handler, and a floor transaction.
     * Mostly the emulator's time, which a cold start pays too but which is not start-up.
     */
    private double[] warmOnce(Sample sample, int slot, int round) {
        var book = Calls.handler(clinic.appointments.BookAppointment.class, sample.fixture().app);
        LocalDate date = sample.day().plusDays(1 + round);
        sample.fixture().declare(sample.doctor(), date, List.of(slot));
        // A patient per round: one patient's 30 warm-up bookings would pass the booking limit (10 upcoming).
        String patient = Fixture.id("warm-patient-" + round);
        sample.fixture().user(patient, Role.PATIENT, "Warm Patient " + round);
        long start = System.nanoTime();
        int status = book.handleRequest(Calls.booking(patient, sample.doctor().id(), date.toString(), slot), null).getStatusCode();
        double bookMs = Stats.millis(System.nanoTime() - start);
        if (status != 201) {
            throw new IllegalStateException("warm booking answered " + status);
        }
        start = System.nanoTime();
        sample.fixture().stack.dynamo().transactWriteItems(r -> r.transactItems(software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder()
                .put(p -> p.tableName(sample.fixture().table()).item(Map.of(
                        "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("FLOOR#warm-" + round),
                        "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("FLOOR")))).build()));
        return new double[] {bookMs, Stats.millis(System.nanoTime() - start)};
    }

    private Path probeJar;

    /** The probes as a jar: AppCDS archives only classes from jars, and every series runs with the same class path. */
    private Path buildProbeJar() throws IOException {
        Path probeJar = Path.of(System.getProperty("java.io.tmpdir"), "clinic-bench-probes-" + ProcessHandle.current().pid() + ".jar");
        Path base = probes;
        Path dir = probes.resolve("clinic/infra/bench");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(probeJar));
             var files = java.nio.file.Files.walk(dir)) {
            // Every SDK client of a probe's JVM reports the emulator's time to EmulatorTime.
            out.putNextEntry(new java.util.jar.JarEntry("software/amazon/awssdk/global/handlers/execution.interceptors"));
            out.write((clinic.infra.bench.probe.EmulatorTime.class.getName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(base.relativize(file).toString().replace('\\', '/')));
                java.nio.file.Files.copy(file, out);
                out.closeEntry();
            }
        }
        probeJar.toFile().deleteOnExit();
        return probeJar;
    }

    /** What each probe process printed of itself, by probe and variant (see {@link #time}). */
    private final Map<String, List<Split>> splits = new HashMap<>();

    /** What one probe process printed of itself, and its wall time without the emulator's share. */
    private record Split(double initMs, double requestMs, double residentMib, double cpuMs, double withoutEmulatorMs) {}

    private double time(Class<?> probe, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        return time(probe, args, env, List.of());
    }

    private double time(Class<?> probe, List<String> args, Map<String, String> env, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_FLAGS);
        command.addAll(jvmOptions);
        String extra = System.getenv("BENCH_PROBE_OPTS"); // for diagnosis, e.g. -Xlog:class+load:file=...
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.replace("{probe}", probe.getSimpleName()).trim().split("\\s+")));
        }
        command.add("-cp");
        command.add(jar + java.io.File.pathSeparator + probeJar);
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
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "timing init=([\\d.]+) request=([\\d.]+) rss=(\\d+) cpu=(\\d+) emulator=([\\d.]+)").matcher(new String(output));
        if (m.find()) {
            // keyed by probe and variant, so the floor's read-first runs and the archive runs stay apart
            splits.computeIfAbsent(probe.getSimpleName() + jvmOptions.size() + (args.contains("read-first") ? "r" : ""), k -> new ArrayList<>())
                    .add(new Split(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)) / 1024,
                            Double.parseDouble(m.group(4)), wall - Double.parseDouble(m.group(5))));
        }
        return wall;
    }

    /** The plain runs of a probe (no JVM options, no read first): the measured samples. */
    private List<Split> samplesOf(Class<?> probe) {
        return splits.get(probe.getSimpleName() + 0);
    }

    private double split(Class<?> probe, java.util.function.ToDoubleFunction<Split> part) {
        return Stats.median(samplesOf(probe).stream().map(s -> part.applyAsDouble(s)).toList());
    }
}
