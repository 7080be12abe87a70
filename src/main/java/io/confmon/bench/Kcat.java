package io.confmon.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * kcat (librdkafka's command-line client, Debian's {@code /usr/bin/kcat}) reading each topic from
 * the beginning to its end, one process per topic, all at once: a consumer in C as a floor for the
 * JVM's. Each record is printed as an empty line and the lines counted.
 */
final class Kcat {
    static final Path BINARY = Path.of("/usr/bin/kcat");

    private Kcat() {}

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Timed from the processes' start to their exit (connecting and metadata included, a few ms). */
    static ContenderResult read(String bootstrap, List<String> topics, long expectedRecords) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<Process> processes = new ArrayList<>();
        List<CompletableFuture<Long>> lines = new ArrayList<>();
        for (String topic : topics) {
            Process p = new ProcessBuilder(BINARY.toString(), "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "\\n")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            processes.add(p);
            lines.add(CompletableFuture.supplyAsync(() -> countNewlines(p.getInputStream())));
        }
        long records = 0;
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("kcat did not finish reading " + topics.get(i) + " within 5 minutes");
            }
            if (p.exitValue() != 0) throw new IllegalStateException("kcat exited with " + p.exitValue() + " reading " + topics.get(i));
            records += lines.get(i).join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (records != expectedRecords) throw new IllegalStateException("kcat read " + records + " records, the topics hold " + expectedRecords);
        return ContenderResult.withoutSplit(records, 0, seconds, -1, topics.size() + " processes, one per topic, timed from start to exit");
    }

    private static long countNewlines(InputStream in) {
        byte[] buffer = new byte[1 << 16];
        long n = 0;
        try (in) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) if (buffer[i] == '\n') n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }
}
