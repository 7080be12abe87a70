package io.confmon.topology;

/** One cell of one bucket matrix of one slice. */
record CellKey(String actual, String predicted) implements Comparable<CellKey> {
    @Override
    public int compareTo(CellKey o) {
        int c = actual.compareTo(o.actual);
        return c != 0 ? c : predicted.compareTo(o.predicted);
    }
}
