package io.confmon.demo;

import java.util.List;

/**
 * Everything one simulated request will send: its predictions now, its labels later.
 *
 * @param actual     the true class index (the last label says so, when there is one)
 * @param unlabelled whether it never gets a label
 */
public record RequestPlan(String id, int actual, boolean unlabelled, List<PlannedRecord> records) {}
