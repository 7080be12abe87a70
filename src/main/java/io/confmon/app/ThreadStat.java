package io.confmon.app;

/**
 * One line of Linux's {@code /proc/<pid>/task/<tid>/stat}: the thread's kernel name (its first 15
 * characters, which may hold spaces and parentheses, so the fields are counted from the last
 * {@code )}), its CPU time in clock ticks (user + system) and its nice value.
 */
public record ThreadStat(String name, long cpuTicks, int nice) {
    public static ThreadStat parse(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // After the name: state is field 3 of the line, utime and stime fields 14 and 15, nice field 19.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new ThreadStat(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Integer.parseInt(f[16]));
    }
}
