package clinic.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.infra.CfnTemplate;
import clinic.infra.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** What goes to AWS: every handler the template names, the route list, and nothing only the tools use. */
class DeployedJarTest {
    private static final Path JAR = Repo.root().resolve("functions/target/clinic-functions-aws.jar");

    private static List<String> entries() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.stream().map(JarEntry::getName).toList();
        }
    }

    @Test
    void theJarHoldsEveryHandlerOfTheTemplate() throws Exception {
        List<String> entries = entries();
        CfnTemplate.read(Repo.template()).handlers().forEach((id, handler) ->
                assertThat(entries).as(id).contains(handler.replace('.', '/') + ".class"));
    }

    @Test
    void codeOnlyTheToolsRunIsLeftOut() throws Exception {
        List<String> entries = entries();
        assertThat(entries).noneMatch(e -> e.startsWith("clinic/store/TableAudit"))
                .noneMatch(e -> e.startsWith("clinic/infra/"))
                .noneMatch(e -> e.startsWith("org/yaml/snakeyaml/"))
                .noneMatch(e -> e.startsWith("org/testcontainers/"));
        assertThat(entries).contains("clinic/store/Table.class");
    }

    @Test
    void theJarsRouteListIsTheTemplatesRoutesWithoutDefault() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String listed = new String(jar.getInputStream(jar.getEntry("clinic/http/routes.txt")).readAllBytes(), StandardCharsets.UTF_8);
            List<String> expected = CfnTemplate.read(Repo.template()).routes().stream().filter(r -> !r.isDefault())
                    .map(CfnTemplate.Route::key).sorted().toList();
            assertThat(listed.lines().toList()).isEqualTo(expected);
        }
    }
}
