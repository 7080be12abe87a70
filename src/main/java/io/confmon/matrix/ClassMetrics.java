package io.confmon.matrix;

/** One class's row of a classification report; {@code support} is the weighted count of actual instances. */
public record ClassMetrics(double precision, double recall, double f1, double support, double specificity) {}
