package io.confmon.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files a backfill writes: each appears whole or not at all (written beside, then moved), so a run
 * killed while writing leaves the previous file, and the rerun replaces it.
 */
public final class OutputFiles {
    private OutputFiles() {}

    /** {@code dir/<model><suffix>}, the model's name with anything but letters, digits, '.', '_' and '-' as '_'. */
    public static Path forModel(Path dir, String model, String suffix) {
        return dir.resolve(model.replaceAll("[^A-Za-z0-9._-]", "_") + suffix);
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A file to fill in place (large outputs), moved over {@code file} by {@link #commit}. */
    public static Path temporary(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    }

    public static void commit(Path tmp, Path file) throws IOException {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a folder and everything in it. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
