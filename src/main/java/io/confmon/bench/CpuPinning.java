package io.confmon.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Binds processes to CPUs with {@code taskset} (util-linux), so that a monitor has a CPU of its own,
 * as on a machine of its own, while the broker and the load run on the others.
 */
final class CpuPinning {
    static final String TASKSET = "taskset";

    /**
     * @param monitor the CPU for the monitor (the last this process may use)
     * @param others  the rest, for this JVM, the broker and the load
     */
    record Split(int monitor, List<Integer> others) {
        /** The others as a {@code taskset -c} list. */
        String othersList() {
            return others.stream().map(String::valueOf).collect(Collectors.joining(","));
        }

        /** The others' mean busy share in {@code busy} (by CPU number). */
        double othersBusy(java.util.Map<Integer, Double> busy) {
            return others.stream().mapToDouble(c -> busy.getOrDefault(c, 0.0)).average().orElse(0);
        }
    }

    private CpuPinning() {}

    /** The split of the CPUs this process may use; fails, saying why, without taskset or with fewer than 2 CPUs. */
    static Split split() throws IOException, InterruptedException {
        return split(allowed());
    }

    /** The CPUs this process may use, as {@code taskset} reports them. */
    static List<Integer> allowed() throws IOException, InterruptedException {
        return parseList(afterColon(run(TASKSET, "-c", "-p", Long.toString(ProcessHandle.current().pid()))));
    }

    static Split split(List<Integer> cpus) {
        if (cpus.size() < 2) throw new IllegalStateException("a CPU of its own for the monitor needs at least 2 CPUs; this process may use " + cpus);
        return new Split(cpus.get(cpus.size() - 1), List.copyOf(cpus.subList(0, cpus.size() - 1)));
    }

    /** Binds every thread of this JVM to {@code cpus}; the processes it starts afterwards inherit that. */
    static void pinThisJvm(String cpus) throws IOException, InterruptedException {
        run(TASKSET, "-a", "-c", "-p", cpus, Long.toString(ProcessHandle.current().pid()));
    }

    /** A {@code taskset -c} list such as {@code 0-2,5} as CPU numbers. */
    static List<Integer> parseList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
            for (int c = from; c <= to; c++) cpus.add(c);
        }
        return cpus;
    }

    private static String afterColon(String line) {
        return line.substring(line.lastIndexOf(':') + 1);
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("a CPU of its own for the monitor needs taskset (Debian: util-linux): " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        return out;
    }
}
