package io.confmon.http;

import io.confmon.testing.OutsideTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, one process per page load: {@code --dump-dom} gives the DOM after
 * the page's scripts ran (timers fast-forwarded by {@code --virtual-time-budget}), {@code
 * --screenshot} a PNG. Each run gets a fresh profile; background networking is off, without
 * which Chromium hangs on a closed network.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 90;
    private static final int VIRTUAL_TIME_MS = 8_000;

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** Chromium, or skips the test (fails it with {@code CONFMON_REQUIRE_TOOLS=true}). */
    static HeadlessChromium require() {
        return new HeadlessChromium(OutsideTools.require("chromium", "apt-get install chromium"));
    }

    /** The serialized DOM of {@code url} once its scripts ran. */
    String dumpDom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    /** A PNG of {@code url} at the given window size, once its scripts ran. */
    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) throw new IOException("chromium wrote no screenshot to " + png);
    }

    private String run(List<String> what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("confmon-chromium");
        Path log = profile.resolve("chromium.log");
        Path out = profile.resolve("stdout");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=en-US", "--user-data-dir=" + profile.resolve("profile"),
                "--virtual-time-budget=" + VIRTUAL_TIME_MS));
        command.addAll(what);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile());
        // The page formats numbers with the browser's locale: pin it.
        builder.environment().put("LANG", "en_US.UTF-8");
        builder.environment().put("LANGUAGE", "en_US");
        Process chromium = builder.start();
        try {
            if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            if (chromium.exitValue() != 0) {
                throw new IOException("chromium exited with " + chromium.exitValue() + ": " + tail(log));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            chromium.destroyForcibly();
            deleteTree(profile);
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (DirectoryNotEmptyException e) {
                // A Chromium helper process still finishing its write: the rest of the tree goes, this temp dir stays.
            }
        }
    }
}
