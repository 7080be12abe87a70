package io.confmon.metrics;

import io.confmon.view.ModelSource;
import io.confmon.view.NotReadyException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the rolling views of the models this instance holds (a {@link ModelSource} lists only
 * local models, so each model's gauges come from the one instance that holds it): confusion
 * cells and ratios, per-class metrics, accuracy, label coverage, pending and the pipeline
 * counters, within {@code metrics.max.series}.
 *
 * <p>A scheduled task reads every model's views into one snapshot every few seconds and the
 * meters read that snapshot, so a scrape costs no store reads, and any number of scrapers (two
 * Prometheus replicas, a curl) cost nothing more. Refreshing on the scrape thread instead would
 * change the registry's meters while it is being scraped. While the state restores
 * ({@link NotReadyException}) the last snapshot stays.
 */
public final class ConfusionMeterBinder implements MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfusionMeterBinder.class);
    /**
     * {@code confmon_metrics_series} and {@code confmon_metrics_series_dropped} count against the
     * cap too; they are exported even under an absurd cap of one, as they say why nothing else is.
     */
    static final int OWN_SERIES = 2;
    private static final long CLOSE_WAIT_MS = 5_000;

    private final MetricsSettings settings;
    private final SnapshotReader reader;
    private final SeriesPlanner planner;
    private final SliceLabels sliceLabels;
    private final Clock clock;
    private MeterRegistry registry;
    private ExportedMeters meters;
    private final List<Gauge> ownGauges = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    private volatile int exported;
    private volatile int leftOut;
    private boolean closed;

    public ConfusionMeterBinder(ModelSource source, MetricsSettings settings, Clock clock) {
        this(source, settings, clock, List::of);
    }

    /** @param knownLocalModels configured models this instance holds: their pipeline counters are exported at 0 before they have state */
    public ConfusionMeterBinder(ModelSource source, MetricsSettings settings, Clock clock, Supplier<Collection<String>> knownLocalModels) {
        this.settings = settings;
        this.reader = new SnapshotReader(source, settings, knownLocalModels);
        this.sliceLabels = new SliceLabels(settings.sliceKeys());
        this.planner = new SeriesPlanner(settings, sliceLabels);
        this.clock = clock;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) throw new IllegalStateException("already bound to a registry");
        this.registry = registry;
        this.meters = new ExportedMeters(registry, families());
        ownGauges.add(Gauge.builder("confmon_metrics_series", this, b -> b.exported)
                .description("Series the confusion meters exported in their last refresh, these two included")
                .strongReference(true).register(registry));
        ownGauges.add(Gauge.builder("confmon_metrics_series_dropped", this, b -> b.leftOut)
                .description("Series the last refresh left out to stay within metrics.max.series")
                .strongReference(true).register(registry));
        exported = OWN_SERIES;
        if (!settings.refreshEvery().isZero()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "confmon-metrics-refresh");
                t.setDaemon(true);
                return t;
            });
            long every = settings.refreshEvery().toMillis();
            scheduler.scheduleWithFixedDelay(this::refreshAndCarryOn, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the views now and makes the exported series match them. */
    public synchronized void refresh() {
        if (meters == null || closed) throw new IllegalStateException("refresh needs a bound, open binder");
        Snapshot snapshot;
        try {
            snapshot = reader.read(clock.millis());
        } catch (NotReadyException e) {
            log.debug("state not queryable ({}); the confusion meters keep their last values", e.getMessage());
            return;
        }
        SeriesPlanner.Plan plan = planner.plan(snapshot, settings.maxSeries() - OWN_SERIES);
        meters.publish(plan.series());
        exported = plan.series().size() + OWN_SERIES;
        leftOut = plan.leftOut();
    }

    /** The scheduled refresh: an exception thrown out of it would cancel every later run, so it is logged here. */
    private void refreshAndCarryOn() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("refreshing the confusion meters failed; trying again in {}", settings.refreshEvery(), e);
        }
    }

    /** Series exported by the last refresh (this binder's own gauges included) and series it left out. */
    public int exportedSeries() {
        return exported;
    }

    public int leftOutSeries() {
        return leftOut;
    }

    /** Stops refreshing (letting a running refresh finish) and removes every meter this binder registered. */
    @Override
    public void close() {
        if (scheduler != null) stopScheduler();
        synchronized (this) {
            if (closed || registry == null) return;
            closed = true;
            meters.removeAll();
            ownGauges.forEach(registry::remove);
        }
    }

    private void stopScheduler() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                log.warn("the confusion meters' refresh did not finish within {} ms; interrupting it", CLOSE_WAIT_MS);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private List<Family> families() {
        List<Family> families = new ArrayList<>();
        for (Metric m : Metric.values()) {
            families.add(Family.aggregate(m));
            if (m.perView() && !sliceLabels.isEmpty()) families.add(new Family(m, sliceLabels.labelNames()));
        }
        return families;
    }
}
