package clinic.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's files (template.yaml, the moto launcher) from wherever a tool or test runs. */
public final class Repo {
    private Repo() {}

    public static Path root() {
        String configured = System.getProperty("clinic.repo.root");
        if (configured != null && Files.exists(Path.of(configured, "template.yaml"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.exists(dir.resolve("infra"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run from inside the repository: no template.yaml above " + Path.of("").toAbsolutePath());
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }
}
