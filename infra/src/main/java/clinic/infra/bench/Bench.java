package clinic.infra.bench;

import clinic.http.Json;
import clinic.infra.Emulator;
import clinic.infra.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./dev bench}: every figure of docs/performance.md, measured against the local emulator in
 * one run, each beside the floor it is compared with. Prints a table and writes
 * {@code target/bench/report.json}. {@code --quick} takes fewer samples (for a smoke run);
 * {@code --cold}, {@code --warm} and {@code --clinic} run one section only.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        boolean coldOnly = List.of(args).contains("--cold");
        boolean clinicOnly = List.of(args).contains("--clinic");
        boolean warmOnly = List.of(args).contains("--warm");
        Path root = Repo.root();
        Path jar = root.resolve("functions/target/clinic-functions-aws.jar");
        Path probes = root.resolve("infra/target/classes");
        List<Figure> figures = new ArrayList<>();
        long started = System.nanoTime();
        // A fresh emulator per section: moto keeps growing with all it has seen, and one section's
        // leftovers would slow the next.
        if (clinicOnly) {
            figures.addAll(section("clinic scale", e -> clinicScale(e, quick)));
            figures.addAll(section("working hours", e -> new WorkingHoursScale(e, quick ? 10 : 300).run()));
            print(figures);
            return;
        }
        if (warmOnly) {
            figures.addAll(section("warm overhead and round trips", e -> warm(e, quick)));
            print(figures);
            return;
        }
        figures.addAll(section("cold starts", e -> new ColdStart(e, jar, probes, quick ? 3 : 15).run()));
        if (coldOnly) {
            print(figures);
            return;
        }
        figures.addAll(section("warm overhead and round trips", e -> warm(e, quick)));
        figures.addAll(section("contention", e -> new Contention(e, 50, quick ? 3 : 10).run()));
        figures.addAll(section("growth", e -> new Growth(e, quick ? 3 : 7, quick ? 10_000 : 100_000).run()));
        figures.addAll(section("clinic scale", e -> clinicScale(e, quick)));
        figures.addAll(section("working hours", e -> new WorkingHoursScale(e, quick ? 10 : 300).run()));
        // A jar per kind of function (Makefile); each is what some functions deploy.
        for (String kind : List.of("", "-cognito", "-publisher", "-subscribers")) {
            Path deployed = root.resolve("functions/target/clinic-functions" + kind + "-aws.jar");
            figures.add(Figure.atMost("size", "deployed jar (functions/target/" + deployed.getFileName() + ")",
                    Files.size(deployed) / 1_000_000.0, "MB", 1, 15));
        }

        print(figures);
        Path report = root.resolve("target/bench/report.json");
        Files.createDirectories(report.getParent());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("when", Instant.now().toString());
        json.put("java", System.getProperty("java.version"));
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("quick", quick);
        json.put("figures", figures.stream().map(Figure::toJson).toList());
        Files.writeString(report, Json.write(json));
        System.out.printf("%nbench: %d figures in %.0f s; report: %s%n", figures.size(), (System.nanoTime() - started) / 1e9, report);
    }

    /** Warm overhead and round trips: Warm.WARMUP_ROUNDS untimed rounds, then 100 timed (quick: 10 and 20). */
    private static List<Figure> warm(Emulator emulator, boolean quick) {
        return new Warm(emulator, quick ? 10 : Warm.WARMUP_ROUNDS, quick ? 20 : 100).run();
    }

    /** 300 doctors × 24 slots × 14 days and 5,000 bookings of one name (quick: 60 and 1,000), beside 10 and 50. */
    private static List<Figure> clinicScale(Emulator emulator, boolean quick) {
        return new ClinicScale(emulator, quick ? 60 : 300, quick ? 1_000 : 5_000, quick ? 3 : 5).run();
    }

    private interface Section {
        List<Figure> run(Emulator emulator) throws Exception;
    }

    private static List<Figure> section(String name, Section section) throws Exception {
        long start = System.nanoTime();
        System.out.println("bench: " + name + " ...");
        List<Figure> figures;
        try (Emulator emulator = Emulator.resolve()) {
            figures = section.run(emulator);
        }
        System.out.printf("bench: %s took %.0f s%n", name, (System.nanoTime() - start) / 1e9);
        return figures;
    }

    private static void print(List<Figure> figures) {
        String section = "";
        System.out.printf("%n%-86s %12s %12s %8s  %-14s %s%n", "figure", "value", "floor", "ratio", "target", "met");
        for (Figure f : figures) {
            if (!f.section().equals(section)) {
                section = f.section();
                System.out.println("-- " + section);
            }
            System.out.printf("%-86s %12s %12s %8s  %-14s %s%n", shorten(f.name()), Figure.fmt(f.value()) + " " + f.unit(),
                    f.floor() == null ? "" : Figure.fmt(f.floor()), f.ratio() == null ? "" : String.format("%.3f", f.ratio()),
                    f.target() == null ? "" : f.target(), f.met() == null ? "" : f.met() ? "yes" : "NO");
        }
    }

    private static String shorten(String name) {
        return name.length() <= 86 ? name : name.substring(0, 83) + "...";
    }
}
