package clinic.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files {@code ./dev up} serves beside the API, on the same port: the API reference at
 * {@code /docs} and the reference web client at {@code /app/}. Local only: nothing of this is in
 * template.yaml, so {@code sam deploy} deploys none of it. A mount is a path prefix and a file or
 * a folder; only GET and HEAD, nothing outside the folder.
 */
final class LocalFiles {
    record File(int status, byte[] body, Map<String, String> headers) {}

    private final Map<String, Path> mounts = new ConcurrentHashMap<>();

    void mount(String path, Path fileOrFolder) {
        mounts.put(path, fileOrFolder.toAbsolutePath().normalize());
    }

    Optional<File> serve(String method, String rawPath) {
        if (mounts.isEmpty() || !(method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD"))) {
            return Optional.empty();
        }
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String prefix = mount.getKey();
            Path root = mount.getValue();
            if (!Files.isDirectory(root)) {
                if (rawPath.equals(prefix) || rawPath.equals(prefix + "/")) {
                    return Optional.of(read(root));
                }
                continue;
            }
            if (rawPath.equals(prefix)) {
                return Optional.of(new File(308, new byte[0], Map.of("Location", prefix + "/")));
            }
            if (rawPath.startsWith(prefix + "/")) {
                String rest = rawPath.substring(prefix.length() + 1);
                Path file = root.resolve(rest.isEmpty() ? "index.html" : rest).normalize();
                if (!file.startsWith(root) || rest.contains("%") || !Files.isRegularFile(file)) {
                    return Optional.of(notFound());
                }
                return Optional.of(read(file));
            }
        }
        return Optional.empty();
    }

    private static File read(Path file) {
        try {
            return new File(200, Files.readAllBytes(file), Map.of("Content-Type", type(file), "Cache-Control", "no-cache"));
        } catch (IOException gone) {
            return notFound();
        }
    }

    private static File notFound() {
        return new File(404, "Not found".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain; charset=utf-8"));
    }

    private static String type(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json";
            case "png" -> "image/png";
            case "svg" -> "image/svg+xml";
            default -> "application/octet-stream";
        };
    }
}
