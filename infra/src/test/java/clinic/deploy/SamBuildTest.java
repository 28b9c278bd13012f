package clinic.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sam build} as SAM's makefile builder runs it (aws-lambda-builders' CustomMakeWorkflow):
 * for a function with {@code Metadata: BuildMethod: makefile}, the manifest is {@code Makefile} in
 * the function's CodeUri folder, and SAM runs {@code make --makefile <CodeUri>/Makefile
 * build-<LogicalId>} in a scratch copy of that folder with {@code ARTIFACTS_DIR} set; what the
 * target leaves in ARTIFACTS_DIR is the function's code. No SAM CLI here, so this test runs make
 * the same way.
 */
class SamBuildTest {
    private static final CfnTemplate TEMPLATE = CfnTemplate.read(Repo.template());

    private static String codeUri(Map<String, Object> function) {
        Object own = ((Map<?, ?>) function.get("Properties")).get("CodeUri");
        return String.valueOf(own != null ? own : TEMPLATE.functionGlobals().get("CodeUri"));
    }

    @Test
    void everyFunctionIsBuiltByTheMakefileInItsCodeUri() {
        assertThat(TEMPLATE.functions()).isNotEmpty();
        TEMPLATE.functions().forEach((id, function) -> {
            assertThat(((Map<?, ?>) function.get("Metadata")).get("BuildMethod")).as(id).isEqualTo("makefile");
            Path codeUri = Repo.root().resolve(codeUri(function)).normalize();
            assertThat(codeUri).as(id + " CodeUri").isDirectory();
            assertThat(codeUri.resolve("Makefile")).as(id + " manifest").isRegularFile();
        });
    }

    @Test
    void eachFunctionsTargetLeavesTheJarWithItsHandlerInArtifactsDir(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("make"), "make is not on the PATH: sam build's makefile builder needs it; the run is skipped");
        Path makefile = Repo.root().resolve("Makefile");
        int upToDate = run(Repo.root(), Map.of(), "make", "--makefile", makefile.toString(), "-q", "jar").exitCode();
        assumeTrue(upToDate == 0, "the jars in functions/target are older than their sources: build first "
                + "(./mvnw package); the test does not start a nested Maven build");
        Map<String, String> handlers = TEMPLATE.handlers();
        for (String id : TEMPLATE.functions().keySet()) {
            Path scratch = Files.createDirectories(tmp.resolve("scratch-" + id));
            Path artifacts = tmp.resolve("build").resolve(id);
            Result make = run(scratch, Map.of("ARTIFACTS_DIR", artifacts.toString()), "make", "--makefile", makefile.toString(), "build-" + id);
            assertThat(make.exitCode()).as(id + ": " + make.output()).isZero();
            assertThat(make.output()).as(id).doesNotContain("mvnw");
            Path jar = onlyJar(artifacts.resolve("lib"));
            assertThat(jar.getFileName().toString()).as(id + ": the jar the Makefile gives it")
                    .isEqualTo(Path.of(run(scratch, Map.of(), "make", "-s", "--makefile", makefile.toString(), "jar-of-" + id)
                            .output().strip()).getFileName().toString());
            try (JarFile entries = new JarFile(jar.toFile())) {
                assertThat(entries.getEntry(handlers.get(id).replace('.', '/') + ".class")).as(id + " handler class").isNotNull();
            }
        }
    }

    @Test
    void aTargetForNoFunctionOfTheTemplateFails(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("make"), "make is not on the PATH; the check is skipped");
        Path fake = fakeRepo(tmp);
        Result make = run(tmp, Map.of("ARTIFACTS_DIR", tmp.resolve("out").toString()), "make", "--makefile",
                fake.resolve("Makefile").toString(), "build-NoSuchFunction");
        assertThat(make.exitCode()).isNotZero();
        assertThat(make.output()).contains("NoSuchFunction is not a resource of template.yaml");
    }

    /**
     * Maven runs once for all functions: the Makefile's own copy over a stand-in repository whose
     * {@code mvnw} only counts its runs and writes a jar (a real nested Maven build would race the
     * build running this test).
     */
    @Test
    void mavenRunsOnceHoweverManyFunctionsAreBuilt(@TempDir Path tmp) throws Exception {
        assumeTrue(onPath("make"), "make is not on the PATH; the check is skipped");
        Path fake = fakeRepo(tmp);
        List<String> ids = new ArrayList<>(TEMPLATE.functions().keySet());
        for (String id : ids) {
            Path scratch = Files.createDirectories(tmp.resolve("scratch-" + id));
            Result make = run(scratch, Map.of("ARTIFACTS_DIR", tmp.resolve("build/" + id).toString()), "make", "--makefile",
                    fake.resolve("Makefile").toString(), "build-" + id);
            assertThat(make.exitCode()).as(make.output()).isZero();
            assertThat(onlyJar(tmp.resolve("build/" + id + "/lib"))).isRegularFile();
        }
        assertThat(Files.readAllLines(fake.resolve("mvnw-runs"))).hasSize(1);
    }

    private static Path fakeRepo(Path tmp) throws IOException {
        Path fake = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(Repo.root().resolve("Makefile"), fake.resolve("Makefile"));
        Files.copy(Repo.template(), fake.resolve("template.yaml"));
        Files.writeString(fake.resolve("pom.xml"), "<project/>");
        Files.createDirectories(fake.resolve("functions/src/main/java"));
        Files.createDirectories(fake.resolve("functions/src/build"));
        Files.writeString(fake.resolve("functions/pom.xml"), "<project/>");
        Files.writeString(fake.resolve("functions/src/main/java/A.java"), "class A {}");
        Files.createDirectories(fake.resolve("infra/bin"));
        Files.writeString(fake.resolve("infra/bin/java-home.sh"), "true\n");
        Path mvnw = fake.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\necho run >> mvnw-runs\nmkdir -p functions/target\n"
                + "for kind in '' -cognito -publisher -subscribers; do echo jar > functions/target/clinic-functions$kind-aws.jar; done\n");
        assertThat(mvnw.toFile().setExecutable(true)).isTrue();
        return fake;
    }

    /** The one jar a function's artifact holds under lib/ (Lambda puts every lib/*.jar on the classpath). */
    private static Path onlyJar(Path lib) throws IOException {
        try (var files = Files.list(lib)) {
            List<Path> jars = files.toList();
            assertThat(jars).as(lib.toString()).hasSize(1);
            return jars.get(0);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
