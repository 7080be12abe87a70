package io.confmon.view;

import java.util.List;

/** One row of {@code GET /api/v1/models}: the model, its classes, its total weight and its pipeline counts. */
public record ModelSummary(
        String model,
        List<String> classes,
        double total,
        long pending,
        long joined,
        long expired,
        long orphanExpired,
        long late,
        long duplicates,
        long corrections,
        long deadLetters) {}
