package io.confmon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder profile of a phase (the JDK's "profile" settings: a Java stack sample of
 * every running thread each 10 ms, of threads in native code each 20 ms), summarized: the hottest
 * methods with the thread that runs them, and where the stream thread spends its time.
 */
final class MonitorBenchProfile implements AutoCloseable {
    private static final long JAVA_PERIOD_MS = 10;
    private static final long NATIVE_PERIOD_MS = 20;
    private static final java.util.Set<String> WAITS = java.util.Set.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter");

    /** Parts of the stream thread's work, by a frame anywhere on its stack, in this order of precedence. */
    private static final Map<String, String> STAGES = stages();

    private final Recording recording;
    private final Path file;

    private MonitorBenchProfile(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static MonitorBenchProfile start() throws IOException, ParseException {
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        // Where the stream thread waits matters as much as where it works: record every park and lock wait over 1 ms.
        for (String event : List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter")) {
            r.enable(event).withThreshold(java.time.Duration.ofMillis(0)).withStackTrace();
        }
        r.setToDisk(true);
        Path file = Files.createTempFile("confmon-bench", ".jfr");
        r.start();
        return new MonitorBenchProfile(r, file);
    }

    private static Map<String, String> stages() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("io.confmon.topology.DecodeProcessor.process", "decode (JSON) + forward to by-id");
        s.put("io.confmon.topology.JoinProcessor.flush", "join: flush deltas");
        s.put("io.confmon.topology.JoinProcessor.process", "join: process (stores, deltas)");
        s.put("io.confmon.topology.BucketProcessor.process", "buckets: process");
        s.put("io.confmon.topology.BucketProcessor.snapshot", "buckets: snapshots");
        s.put("org.apache.kafka.streams.processor.internals.TaskExecutor.commitOffsetsOrTransaction", "commit: offsets + commitTransaction");
        s.put("org.apache.kafka.streams.processor.internals.StreamTask.prepareCommit", "commit: flush stores");
        s.put("org.apache.kafka.streams.processor.internals.StreamTask.postCommit", "commit: checkpoint");
        s.put("org.apache.kafka.streams.processor.internals.TaskManager.commit", "commit: other");
        s.put("org.apache.kafka.streams.processor.internals.StreamThread.pollPhase", "poll (consumer)");
        return s;
    }

    /** Stops the recording and summarizes it; {@code top} hot methods. */
    String stopAndSummarize(int top) throws IOException {
        recording.stop();
        recording.dump(file);
        long recordedMs = java.time.Duration.between(recording.getStartTime(), recording.getStopTime()).toMillis();
        recording.close();
        Map<String, long[]> byMethod = new HashMap<>();
        Map<String, Map<String, Long>> methodThreads = new HashMap<>();
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> streamStages = new LinkedHashMap<>();
        long streamMs = 0;
        long totalMs = 0;
        Map<String, Long> streamWaits = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (WAITS.contains(type)) {
                if (threadOf(e, "eventThread").equals("StreamThread") && e.getStackTrace() != null) {
                    streamWaits.merge(waitingPoint(e.getStackTrace()), e.getDuration().toMillis(), Long::sum);
                }
                continue;
            }
            boolean java = type.equals("jdk.ExecutionSample");
            if (!java && !type.equals("jdk.NativeMethodSample")) continue;
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) continue;
            String thread = threadOf(e, "sampledThread");
            String leaf = method(stack.getFrames().get(0));
            // Native samples of threads in epoll or a blocking read are waiting, not working.
            if (!java && isWaiting(leaf)) {
                if (thread.equals("StreamThread")) streamWaits.merge("native wait: " + waitingPoint(stack), NATIVE_PERIOD_MS, Long::sum);
                continue;
            }
            long ms = java ? JAVA_PERIOD_MS : NATIVE_PERIOD_MS;
            totalMs += ms;
            byMethod.computeIfAbsent(leaf, k -> new long[1])[0] += ms;
            methodThreads.computeIfAbsent(leaf, k -> new HashMap<>()).merge(thread, ms, Long::sum);
            byThread.merge(thread, ms, Long::sum);
            if (thread.equals("StreamThread")) {
                streamMs += ms;
                streamStages.merge(stageOf(stack), ms, Long::sum);
            }
        }
        Files.deleteIfExists(file);
        return format(top, byMethod, methodThreads, byThread, streamStages, streamMs, totalMs)
                + formatWaits(streamWaits, streamMs, recordedMs);
    }

    private static String format(int top, Map<String, long[]> byMethod, Map<String, Map<String, Long>> methodThreads,
                                 Map<String, Long> byThread, Map<String, Long> streamStages, long streamMs, long totalMs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  busy samples: %,d ms in all threads (Java stacks every 10 ms; native code, RocksDB included, is sampled one thread per 20 ms, so under-counted: the CPU line above is exact)%n", totalMs));
        out.append("  by thread:");
        byThread.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                .forEach(t -> out.append(String.format(Locale.ROOT, " %s %.0f%%,", t.getKey(), 100.0 * t.getValue() / totalMs)));
        out.setLength(out.length() - 1);
        out.append(String.format(Locale.ROOT, "%n  hot methods (self time):%n"));
        List<Map.Entry<String, long[]>> methods = new ArrayList<>(byMethod.entrySet());
        methods.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, long[]> m : methods.subList(0, Math.min(top, methods.size()))) {
            String thread = methodThreads.get(m.getKey()).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            out.append(String.format(Locale.ROOT, "    %5.1f%%  %-84s %s%n", 100.0 * m.getValue()[0] / totalMs, shorten(m.getKey(), 84), thread));
        }
        if (streamMs > 0) {
            out.append(String.format(Locale.ROOT, "  the stream thread (%.0f%% of all busy samples), by what is on its stack:%n", 100.0 * streamMs / totalMs));
            streamStages.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .forEach(s -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * s.getValue() / streamMs, s.getKey())));
        }
        return out.toString();
    }

    private static String formatWaits(Map<String, Long> waits, long streamBusyMs, long wallMs) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "  the stream thread over the %.1f s recorded: %.1f s in samples; parked or waiting on a lock (every wait recorded) or in native waits (sampled) at:%n",
                wallMs / 1e3, streamBusyMs / 1e3));
        waits.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(w -> out.append(String.format(Locale.ROOT, "    %6.2f s  %s%n", w.getValue() / 1e3, w.getKey())));
        return out.toString();
    }

    /** The call into a client library from Kafka Streams or confmon, and two callers: what a waiting thread waits for. */
    private static String waitingPoint(RecordedStackTrace stack) {
        List<RecordedFrame> frames = stack.getFrames();
        for (int i = 0; i < frames.size(); i++) {
            String m = method(frames.get(i));
            if (m.startsWith("org.apache.kafka.streams") || m.startsWith("io.confmon")) {
                StringBuilder point = new StringBuilder(i > 0 ? shortMethod(method(frames.get(i - 1))) + " < " : "");
                point.append(shortMethod(m));
                if (i + 1 < frames.size()) point.append(" < ").append(shortMethod(method(frames.get(i + 1))));
                return point.toString();
            }
        }
        return shortMethod(method(frames.get(0)));
    }

    private static String shortMethod(String m) {
        int dot = m.lastIndexOf('.', m.lastIndexOf('.') - 1);
        return m.substring(dot + 1);
    }

    private static String stageOf(RecordedStackTrace stack) {
        String rocks = null;
        for (RecordedFrame f : stack.getFrames()) {
            String m = method(f);
            if (rocks == null && m.startsWith("org.rocksdb.")) rocks = m;
        }
        for (Map.Entry<String, String> stage : STAGES.entrySet()) {
            for (RecordedFrame f : stack.getFrames()) {
                if (method(f).equals(stage.getKey())) return stage.getValue() + (rocks != null ? " [in RocksDB]" : "");
            }
        }
        return "other Streams runtime" + (rocks != null ? " [in RocksDB]" : "");
    }

    private static boolean isWaiting(String leaf) {
        return leaf.contains("EPoll") || leaf.contains("epoll") || leaf.startsWith("jdk.internal.misc.Unsafe.park")
                || leaf.contains("Object.wait") || leaf.contains("Thread.sleep") || leaf.contains("accept")
                || leaf.contains("SocketDispatcher.read") || leaf.contains("FileDispatcherImpl.read");
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String threadOf(RecordedEvent e, String field) {
        var t = e.getThread(field);
        return threadGroup(t == null || t.getJavaName() == null ? "?" : t.getJavaName());
    }

    /** Thread names without ids and numbers: "bench-...-StreamThread-1" -> "StreamThread". */
    static String threadGroup(String name) {
        if (name.startsWith("kafka-producer-network-thread")) return name.contains("StreamThread") ? "Streams producer I/O" : "producer I/O";
        if (name.contains("StreamThread")) return "StreamThread";
        return name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "").replaceAll("[-_ #]*\\d+$", "");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max + 1);
    }

    @Override
    public void close() throws IOException {
        recording.close();
        Files.deleteIfExists(file);
    }
}
