package io.confmon.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests that talk to a real outside tool (scikit-learn, promtool, Prometheus, kcat, Chromium)
 * skip with a message saying what to install when it is missing, unless CI asks for them with
 * {@code CONFMON_REQUIRE_TOOLS=true} (the system property {@code confmon.requireTools}): then a
 * missing tool fails the test, so a green CI means the tool really ran.
 */
public final class OutsideTools {
    private OutsideTools() {}

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getProperty("confmon.requireTools"))
                || "true".equalsIgnoreCase(System.getenv("CONFMON_REQUIRE_TOOLS"));
    }

    /** The path of an executable, or skips / fails the test with {@code installHint}. */
    public static Path require(String executable, String installHint) {
        Path found = find(executable);
        if (found == null) missing(executable + " not found (" + installHint + ")");
        return found;
    }

    /**
     * A tool that Debian does not ship in a usable version (so CI cannot install it): the test
     * skips with {@code why} when it is missing, even under {@code CONFMON_REQUIRE_TOOLS=true}.
     */
    public static Path optional(String executable, String why) {
        Path found = find(executable);
        assumeTrue(found != null, () -> "skipped: " + executable + " not found (" + why + ")");
        return found;
    }

    /** scikit-learn's Python: Debian's {@code /usr/bin/python3} with python3-sklearn, not the one on PATH. */
    public static Path sklearnPython() {
        Path python = Path.of("/usr/bin/python3");
        boolean ok = Files.isExecutable(python) && exitsZero(python.toString(), "-c", "import sklearn");
        if (!ok) missing("scikit-learn not importable from /usr/bin/python3 (apt-get install python3-sklearn)");
        return python;
    }

    public static void missing(String what) {
        if (required()) fail("required outside tool missing: " + what);
        assumeTrue(false, "skipped: " + what);
    }

    public static Path find(String executable) {
        if (executable.contains("/")) {
            Path p = Path.of(executable);
            return Files.isExecutable(p) ? p : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) return p;
        }
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/bin"}) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static boolean exitsZero(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
