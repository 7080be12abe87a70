package io.confmon.metrics;

import io.confmon.app.Config;
import io.confmon.app.Monitor;
import io.confmon.app.RocksDbWarnings;
import io.confmon.event.RejectReason;
import io.confmon.topology.Listeners;
import io.confmon.topology.Names;
import io.confmon.view.ModelLocator;
import io.confmon.view.ModelSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The monitor's Prometheus instruments: informative listeners (dead letters, label delay) and
 * the {@link ConfusionMeterBinder} that reads the local models' views.
 */
public final class MonitorInstruments implements Monitor.Instruments {
    /**
     * The listeners, with {@code confmon_dead_letters_total} at 0 for every input topic and reason
     * from the start: a counter that first appears at 5 is an increase {@code increase()} never sees,
     * and ConfmonDeadLetters would miss the first burst after a start.
     */
    @Override
    public Listeners listeners(PrometheusMeterRegistry registry, List<String> inputTopics) {
        for (String topic : inputTopics) {
            for (RejectReason reason : RejectReason.values()) deadLetters(registry, topic, reason.code());
        }
        return listeners(registry);
    }

    @Override
    public Listeners listeners(PrometheusMeterRegistry registry) {
        // Called for every joined pair on the stream thread: the meter is looked up once per model,
        // not built and registered again per pair.
        Map<String, DistributionSummary> delays = new ConcurrentHashMap<>();
        return new Listeners() {
            @Override
            public void labelJoined(String model, long delayMs) {
                DistributionSummary delay = delays.get(model);
                // get first: computeIfAbsent's lambda captures the registry, an allocation per pair.
                if (delay == null) delay = delays.computeIfAbsent(model, m -> labelDelay(registry, m));
                delay.record(Math.max(0, delayMs) / 1000.0);
            }

            @Override
            public void deadLetter(String topic, String reason) {
                deadLetters(registry, topic, reason).increment();
            }
        };
    }

    private static DistributionSummary labelDelay(PrometheusMeterRegistry registry, String model) {
        return DistributionSummary.builder("confmon_label_delay_seconds")
                .description("Label time minus prediction time of joined pairs")
                .baseUnit("seconds")
                .tag("model", model)
                .serviceLevelObjectives(1, 10, 60, 300, 1800, 3600, 21600, 86400, 604800)
                .register(registry);
    }

    private static Counter deadLetters(PrometheusMeterRegistry registry, String topic, String reason) {
        // Micrometer's Prometheus registry appends _total: this scrapes as confmon_dead_letters_total.
        return Counter.builder("confmon_dead_letters").description("Input records rejected to the dead-letter topic")
                .tag("topic", topic).tag("reason", reason).register(registry);
    }

    /** Models with a configured class list whose state this instance holds (or will, once it has any). */
    private static Supplier<Collection<String>> knownLocalModels(List<String> configured, ModelLocator locator) {
        if (locator == null || configured.isEmpty()) return List::of;
        return () -> configured.stream().filter(m -> locator.isLocal(locator.ownerOf(m))).toList();
    }

    /**
     * Binds the confusion meters and the RocksDB write-stall counters of the persistent stores; the
     * monitor closes what this returns, which removes them.
     */
    @Override
    public List<AutoCloseable> bind(PrometheusMeterRegistry registry, ModelSource local, ModelLocator locator, Config config) {
        ConfusionMeterBinder binder = new ConfusionMeterBinder(local, MetricsSettings.from(config), Clock.systemUTC(),
                knownLocalModels(List.copyOf(config.modelSettings().classes().keySet()), locator));
        binder.bindTo(registry);
        List<Meter> stalls = new ArrayList<>();
        for (String store : List.of(Names.JOIN_STORE, Names.EXPIRY_STORE, Names.BUCKET_STORE, Names.TOTALS_STORE)) {
            stalls.add(FunctionCounter.builder("confmon_rocksdb_write_stall_warnings", store, RocksDbWarnings::writeStallWarnings)
                    .description("RocksDB's warnings that it stopped or slowed a store's writes (the stream thread waits meanwhile)")
                    .tag("store", store).register(registry));
        }
        return List.of(binder, () -> stalls.forEach(registry::remove));
    }
}
