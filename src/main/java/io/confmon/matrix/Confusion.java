package io.confmon.matrix;

/** An off-diagonal cell: {@code count} instances of {@code actual} predicted as {@code predicted}; {@code ratio} = count / actual row total. */
public record Confusion(String actual, String predicted, double count, double ratio) {}
