package io.confmon.http;

import java.util.List;

/**
 * What the live page needs from the configuration, served at {@code GET /api/v1/page}: the three
 * views its change view compares (short, mid, baseline, as the alert rule reads them) and the step
 * of its trend lines. Production keeps the rule's views; the demo shortens them so that a drift
 * minutes old is not diluted by the baseline.
 */
public record PageSettings(List<String> changeViews, long trendStepMs) {
    public PageSettings {
        changeViews = List.copyOf(changeViews);
        if (changeViews.size() != 3) throw new IllegalArgumentException("the change view compares three views, got " + changeViews);
        if (trendStepMs <= 0) throw new IllegalArgumentException("the trend step must be positive, got " + trendStepMs);
    }
}
