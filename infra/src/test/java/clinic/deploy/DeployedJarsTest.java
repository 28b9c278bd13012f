package clinic.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Each function is deployed with the jar the Makefile gives it, and the jars leave out the AWS SDK
 * services their functions never call (functions/pom.xml). This walks each handler's code, call by
 * call, from its class to every method it can reach, and checks that every class outside the
 * project that it can call is in the function's jar: a function given a jar without, say, the SES
 * client, whose code can send an email, fails here instead of in AWS.
 *
 * <p>The walk is conservative: a call to a method of the project's classes also reaches every
 * override of it. It does not follow what App builds lazily (its client suppliers run only when a
 * function asks for that client, and the asking, a call on the client, is what the walk sees).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployedJarsTest {
    private JavaClasses code;
    private Map<String, String> handlers;

    @BeforeAll
    void importTheFunctionsCode() {
        code = new ClassFileImporter().importPath(Repo.root().resolve("functions/target/classes"));
        handlers = CfnTemplate.read(Repo.template()).handlers();
    }

    @Test
    void everyClassAFunctionCanCallIsInItsJar() throws IOException {
        Map<String, Set<String>> missing = new TreeMap<>();
        Map<Path, Set<String>> entries = new HashMap<>();
        for (var function : handlers.entrySet()) {
            Path jar = jarOf(function.getKey());
            Set<String> inJar = entries.computeIfAbsent(jar, DeployedJarsTest::entries);
            for (String needed : reachableOutsideClasses(code.get(function.getValue()))) {
                if (!inJar.contains(needed.replace('.', '/') + ".class") && !inTheJdk(needed)) {
                    missing.computeIfAbsent(function.getKey() + " (" + jar.getFileName() + ")", f -> new TreeSet<>()).add(needed);
                }
            }
        }
        assertThat(missing).as("classes a function can call that its jar lacks").isEmpty();
    }

    /**
     * The walk reads calls; linking reads more (a lambda's types are loaded when it is made). So
     * each function is also built as Lambda builds it, from its jar alone: the template's
     * environment (values made up; nothing is called), App from it, the handler from App.
     */
    @Test
    void everyFunctionIsBuiltFromItsJarAlone() throws Exception {
        CfnTemplate template = CfnTemplate.read(Repo.template());
        Map<String, String> failures = new TreeMap<>();
        Map<Path, java.net.URLClassLoader> loaders = new HashMap<>();
        try {
            for (var function : handlers.entrySet()) {
                Path jar = jarOf(function.getKey());
                ClassLoader loader = loaders.computeIfAbsent(jar, j -> loaderOf(j));
                Map<String, String> env = environment(template, function.getKey());
                // Method handles, not getMethod: reflecting on a class loads the types of all its
                // public methods (App's accessors name every client), which Lambda never does.
                try {
                    var lookup = java.lang.invoke.MethodHandles.publicLookup();
                    Class<?> configType = loader.loadClass("clinic.Config");
                    Class<?> appType = loader.loadClass("clinic.App");
                    Object config = lookup.findStatic(configType, "from",
                            java.lang.invoke.MethodType.methodType(configType, java.util.function.Function.class))
                            .invoke((java.util.function.Function<String, String>) env::get);
                    Object app = lookup.findStatic(appType, "from", java.lang.invoke.MethodType.methodType(appType, configType))
                            .invoke(config);
                    Class<?> handler = loader.loadClass(function.getValue());
                    try {
                        lookup.findConstructor(handler, java.lang.invoke.MethodType.methodType(void.class, appType)).invoke(app);
                    } catch (NoSuchMethodException needsNoApp) {
                        // the $default route answers from the route list alone
                        lookup.findConstructor(handler, java.lang.invoke.MethodType.methodType(void.class)).invoke();
                    }
                } catch (Throwable e) {
                    failures.put(function.getKey() + " (" + jar.getFileName() + ")", String.valueOf(e));
                }
            }
        } finally {
            for (var loader : loaders.values()) {
                loader.close();
            }
        }
        assertThat(failures).as("functions that cannot be built from their own jar").isEmpty();
    }

    /** The function's environment as the template sets it, every value made up but well-formed. */
    private static Map<String, String> environment(CfnTemplate template, String function) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "made-up",
                "AWS_SECRET_ACCESS_KEY", "made-up"));
        for (Map<String, Object> scope : List.of(template.functionGlobals(), template.functionProperties().get(function))) {
            if (scope.get("Environment") instanceof Map<?, ?> environment && environment.get("Variables") instanceof Map<?, ?> variables) {
                variables.keySet().forEach(name -> env.put((String) name, "made-up"));
            }
        }
        env.put("CLINIC_TIME_ZONE", "Europe/London");
        env.replaceAll((name, value) -> name.startsWith("MAX_") || name.endsWith("_MINUTES") || name.endsWith("_DAYS")
                || name.endsWith("_HOURS") || name.endsWith("_WEEKS") || name.endsWith("_LIMIT") ? "5" : value);
        return env;
    }

    private static java.net.URLClassLoader loaderOf(Path jar) {
        try {
            return new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theWalkSeesTheServicesAFunctionCalls() {
        // The check above is only as good as the walk: it must see each kind of call through App.
        assertThat(reachableOutsideClasses(code.get(handlers.get("BookAppointment"))))
                .anyMatch(c -> c.startsWith("software.amazon.awssdk.services.dynamodb."))
                .noneMatch(c -> c.startsWith("software.amazon.awssdk.services.cognitoidentityprovider."))
                .noneMatch(c -> c.startsWith("software.amazon.awssdk.services.eventbridge."));
        assertThat(reachableOutsideClasses(code.get(handlers.get("RegisterPatient"))))
                .anyMatch(c -> c.startsWith("software.amazon.awssdk.services.cognitoidentityprovider."));
        assertThat(reachableOutsideClasses(code.get(handlers.get("PublishEvents"))))
                .anyMatch(c -> c.startsWith("software.amazon.awssdk.services.eventbridge."));
        assertThat(reachableOutsideClasses(code.get(handlers.get("VerifyToken"))))
                .anyMatch(c -> c.startsWith("com.nimbusds."));
    }

    @Test
    void eachJarLeavesOutTheServicesItsFunctionsNeverCall() {
        Path core = Repo.root().resolve("functions/target/clinic-functions-aws.jar");
        assertThat(entries(core)).noneMatch(e -> e.startsWith("software/amazon/awssdk/services/cognitoidentityprovider/")
                || e.startsWith("software/amazon/awssdk/services/sesv2/") || e.startsWith("software/amazon/awssdk/services/scheduler/")
                || e.startsWith("software/amazon/awssdk/services/eventbridge/"));
        assertThat(jarOf("BookAppointment")).isEqualTo(core);
    }

    /**
     * Every class outside the project the handler's code can call, read or construct. A call to a
     * method of the project's classes reaches that method and its overrides in every class the
     * code can instantiate (the handler itself, and each class whose constructor it reaches),
     * repeated until that set stops growing.
     */
    private Set<String> reachableOutsideClasses(JavaClass handler) {
        Set<JavaClass> instantiated = new HashSet<>(Set.of(handler));
        while (true) {
            Set<String> outside = new TreeSet<>();
            Set<JavaClass> constructed = new HashSet<>(instantiated);
            walk(handler, instantiated, outside, constructed);
            if (constructed.equals(instantiated)) {
                return outside;
            }
            instantiated = constructed;
        }
    }

    private void walk(JavaClass handler, Set<JavaClass> instantiated, Set<String> outside, Set<JavaClass> constructed) {
        Set<JavaCodeUnit> seen = new HashSet<>();
        Deque<JavaCodeUnit> work = new ArrayDeque<>();
        for (JavaClass c = handler; c != null && isProject(c); c = c.getRawSuperclass().orElse(null)) {
            work.addAll(c.getCodeUnits());
        }
        while (!work.isEmpty()) {
            JavaCodeUnit unit = work.pop();
            if (!seen.add(unit) || buildsLazily(unit)) {
                continue;
            }
            for (JavaAccess<?> access : unit.getAccessesFromSelf()) {
                JavaClass owner = access.getTargetOwner().getBaseComponentType();
                if (!isProject(owner)) {
                    outside.add(owner.getName());
                    continue;
                }
                if (access.getTarget() instanceof com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget target) {
                    target.resolveMember().ifPresent(work::push);
                    if (target.getName().equals("<init>")) {
                        constructed.add(owner);
                    } else {
                        overrides(owner, target.getName(), target.getRawParameterTypes().stream().map(JavaClass::getName).toList(),
                                instantiated).forEach(work::push);
                    }
                }
            }
        }
    }

    /** The methods of instantiable subclasses and implementations of {@code owner} that override this one. */
    private static List<JavaCodeUnit> overrides(JavaClass owner, String name, List<String> parameters, Set<JavaClass> instantiated) {
        List<JavaCodeUnit> found = new java.util.ArrayList<>();
        for (JavaClass c : instantiated) {
            if (!c.isAssignableTo(owner.getName())) {
                continue;
            }
            for (JavaClass k = c; k != null && !k.equals(owner); k = k.getRawSuperclass().orElse(null)) {
                k.getCodeUnits().stream()
                        .filter(u -> u.getName().equals(name) && !u.getModifiers().contains(JavaModifier.STATIC)
                                && u.getRawParameterTypes().stream().map(JavaClass::getName).toList().equals(parameters))
                        .forEach(found::add);
            }
        }
        return found;
    }

    /** App's constructors and its environment factory only make suppliers of clients; nothing they wrap runs there. */
    private static boolean buildsLazily(JavaCodeUnit unit) {
        return unit.getOwner().getName().equals("clinic.App")
                && (unit.isConstructor() || unit.getName().equals("fromEnvironment"));
    }

    private boolean isProject(JavaClass c) {
        return code.contain(c.getName());
    }

    private static boolean inTheJdk(String name) {
        try {
            Class.forName(name, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Path jarOf(String function) {
        try {
            Process make = new ProcessBuilder("make", "-s", "--makefile", Repo.root().resolve("Makefile").toString(),
                    "jar-of-" + function).redirectErrorStream(true).start();
            String out = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (make.waitFor() != 0) {
                throw new IllegalStateException("make jar-of-" + function + ": " + out);
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> entries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> names = new HashSet<>();
            file.stream().forEach(e -> names.add(e.getName()));
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
