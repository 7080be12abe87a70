package io.confmon.demo;

/**
 * A record to send {@code delayMs} after its request.
 *
 * @param malformation how it is broken, or null for a well-formed record
 */
public record PlannedRecord(long delayMs, RecordKind kind, SentEvent record, Malformation malformation) {}
