package io.confmon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM started from this one's class path (the confmon jar when run as {@code bin/confmon}), with the benchmark's heap for every child. */
final class ChildJvm {
    /** The same for the broker and every contender (k8s/statefulset.yml requests 1 GiB for the monitor). */
    static final String HEAP = "-Xmx1g";
    /**
     * Every state dir of the benchmark is under the OS's temp dir on purpose, and Kafka Streams
     * warns about that on every start: with three warm-up passes, 48 lines of a comparison's output.
     */
    private static final String QUIET_STATE_DIR_WARNING = "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.streams.processor.internals.StateDirectory=error";

    private ChildJvm() {}

    static final String OWN_CLASS_PATH = System.getProperty("java.class.path");

    static List<String> command(String mainClass, List<String> args) {
        return command(mainClass, args, OWN_CLASS_PATH);
    }

    /** @param classPath this JVM's ({@link #OWN_CLASS_PATH}), or another build's jar */
    static List<String> command(String mainClass, List<String> args, String classPath) {
        return command(List.of(), mainClass, args, classPath);
    }

    /** @param jvmOptions options for the JVM, before the main class */
    static List<String> command(List<String> jvmOptions, String mainClass, List<String> args, String classPath) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                QUIET_STATE_DIR_WARNING));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        return command;
    }

    /** SIGTERM, then SIGKILL if it is still there after {@code seconds}. */
    static void stop(Process p, long seconds) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The last lines of a log, for an error message. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
