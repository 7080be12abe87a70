package io.confmon.backfill;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a replay as one line: records read of the records to read, the lag to the end
 * offsets taken at the start, the rate and the time left. On a terminal the line is redrawn in
 * place ({@code \r}); elsewhere (a log file, a CI job) one line is written a minute, so a month's
 * replay does not write a million lines.
 */
final class ReplayProgress {
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private final long total;
    private final long startDone;
    private final long startNanos;
    private long lastLogNanos;
    private boolean drawn;

    /**
     * @param total     input records up to the end offsets seen at the start
     * @param startDone of those, the ones an earlier run had already read (a resumed replay)
     */
    ReplayProgress(PrintWriter out, boolean terminal, long total, long startDone, long nowNanos) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.startDone = startDone;
        this.startNanos = nowNanos;
        this.lastLogNanos = nowNanos;
    }

    void update(long done, long nowNanos) {
        if (terminal) {
            out.print("\r" + line(done, nowNanos) + "   ");
            out.flush();
            drawn = true;
        } else if (nowNanos - lastLogNanos >= LOG_EVERY_NANOS) {
            out.println(line(done, nowNanos));
            out.flush();
            lastLogNanos = nowNanos;
        }
    }

    /** The last line, always written (ends the line drawn in place). */
    void finish(long done, long nowNanos) {
        if (terminal && drawn) out.print("\r");
        out.println(line(done, nowNanos));
        out.flush();
    }

    String line(long done, long nowNanos) {
        double seconds = (nowNanos - startNanos) / 1e9;
        long readHere = Math.max(0, done - startDone);
        double rate = seconds > 0 ? readHere / seconds : 0;
        long lag = Math.max(0, total - done);
        String eta = lag == 0 ? "done" : rate > 0 ? "ETA " + duration(lag / rate) : "ETA unknown";
        return String.format(Locale.ROOT, "  %,d of %,d records (%.0f%%), lag %,d, %,.0f records/s, %s, %.0f s",
                done, total, total == 0 ? 100.0 : Math.floor(100.0 * done / total), lag, rate, eta, seconds);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 120) return s + " s";
        if (s < 7200) return (s / 60) + " min";
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
