package io.confmon.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a classifier's live traffic to Kafka: requests at a steady rate, each a prediction per
 * model now and its label (and any correction or retry) when its planned delay is up.
 *
 * <p>One scheduler thread does all the work: a pacer wakes every few milliseconds and starts the
 * requests that are due by the rate, and every later record is a task scheduled for its own time,
 * so nothing sleeps or polls. What each request sends is decided up front by a seeded
 * {@link RequestPlanner}; the clock gives the event times.
 *
 * <p>Lifecycle: {@link #start()} (or {@link #start(Duration)} for a fixed run); then
 * {@link #finish(Duration)} to stop new requests and let every pending label go out (or
 * {@link #awaitCompletion(Duration)} after a fixed run), and {@link #close()}, which also stops at
 * once, dropping labels not yet due. Counts are readable at any time, from any thread.
 */
public final class TrafficSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrafficSimulator.class);
    /** Often enough for a smooth rate, rarely enough to cost nothing when idle. */
    private static final long TICK_MS = 10;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Producer<byte[], byte[]> producer;
    private final boolean ownsProducer;
    private final SimulatorSettings settings;
    private final Clock clock;
    private final RequestPlanner planner;
    private final TrafficCounters counters = new TrafficCounters();
    private final Queue<SentEvent> sentLog = new ConcurrentLinkedQueue<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    // Touched only on the scheduler thread once started.
    private ScheduledFuture<?> pacer;
    private long startNanos;
    private long requestsStarted;

    private boolean started;
    private boolean finishing;
    private boolean closed;

    /** Sends with {@code producer}, which the caller keeps and closes. */
    public TrafficSimulator(Producer<byte[], byte[]> producer, SimulatorSettings settings, Clock clock) {
        this(producer, false, settings, clock);
    }

    private TrafficSimulator(Producer<byte[], byte[]> producer, boolean ownsProducer, SimulatorSettings settings, Clock clock) {
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.settings = settings;
        this.clock = clock;
        this.planner = new RequestPlanner(settings);
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = Executors.defaultThreadFactory().newThread(runnable);
            t.setName("confmon-demo-traffic");
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** Makes its own producer to {@code bootstrapServers} and closes it on {@link #close()}. */
    public static TrafficSimulator connect(String bootstrapServers, SimulatorSettings settings, Clock clock) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return connect(config, settings, clock);
    }

    /** Makes its own producer from {@code producerConfig} (bootstrap servers, TLS, ...) and closes it on {@link #close()}. */
    public static TrafficSimulator connect(Properties producerConfig, SimulatorSettings settings, Clock clock) {
        Properties config = new Properties();
        config.putAll(producerConfig);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "confmon-demo-traffic");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new TrafficSimulator(new KafkaProducer<>(config), true, settings, clock);
    }

    /**
     * Before {@link #start()}: sends at once the traffic of the {@code span} before now, as if the
     * simulator had been running then (requests at the configured rate, event times in the past),
     * so a monitor started now has a history to compare the present with. Records due by now are
     * sent now; the labels, corrections and retries due later are sent when due, like live ones.
     *
     * @return the number of requests planned
     */
    public synchronized long sendHistory(Duration span) {
        if (started || closed || finishing) throw new IllegalStateException("history is sent before start()");
        if (span.isNegative()) throw new IllegalArgumentException("history span must not be negative, got " + span);
        long now = clock.millis();
        long from = now - span.toMillis();
        long requests = (long) (span.toMillis() / 1000.0 * settings.eventsPerSecond());
        for (long i = 0; i < requests; i++) {
            long at = from + (long) (i * 1000.0 / settings.eventsPerSecond());
            RequestPlan plan = planner.plan(at);
            counters.planned(plan);
            for (PlannedRecord r : plan.records()) {
                long due = at + r.delayMs();
                if (due <= now) {
                    send(r);
                } else {
                    counters.scheduled();
                    scheduler.schedule(() -> sendLater(r), due - now, TimeUnit.MILLISECONDS);
                }
            }
        }
        log.info("sent {} requests of history, the last {}", requests, span);
        return requests;
    }

    /** Starts requests at the configured rate until {@link #stopRequests()}, {@link #finish} or {@link #close}. */
    public void start() {
        start(null);
    }

    /** Starts requests for {@code requestsFor} (null: until stopped), then {@link #stopRequests()} by itself. */
    public synchronized void start(Duration requestsFor) {
        if (started) throw new IllegalStateException("the traffic simulator was already started");
        if (closed || finishing) throw new IllegalStateException("the traffic simulator is closed or finishing");
        started = true;
        scheduler.execute(() -> {
            startNanos = System.nanoTime();
            pacer = scheduler.scheduleAtFixedRate(this::pace, 0, TICK_MS, TimeUnit.MILLISECONDS);
            if (requestsFor != null) scheduler.schedule(this::requestsTimeUp, requestsFor.toMillis(), TimeUnit.MILLISECONDS);
        });
        log.info("simulating {} requests/s for {} to {} and {}", settings.eventsPerSecond(),
                settings.models().stream().map(SimulatedModel::name).toList(), settings.predictionsTopic(), settings.labelsTopic());
    }

    /**
     * No new requests from now; the labels, corrections and retries of earlier ones are still sent
     * when due, and then the simulator ends by itself ({@link #awaitCompletion}).
     */
    public synchronized void stopRequests() {
        if (finishing || closed) return;
        finishing = true;
        scheduler.execute(this::endRequests);
    }

    /**
     * Waits until the simulator has ended by itself (after {@link #stopRequests()}, or the duration
     * given to {@link #start(Duration)}) with every planned record sent, at most {@code timeout},
     * and flushes the producer.
     *
     * @return whether it ended within the timeout
     * @throws IllegalStateException when a send failed with an exception (the cause)
     */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        boolean done = scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        RuntimeException e = failure.get();
        if (e != null) throw new IllegalStateException("the traffic simulator failed: " + e.getMessage(), e);
        producer.flush();
        return done;
    }

    /** {@link #stopRequests()} now, then {@link #awaitCompletion}. */
    public boolean finish(Duration timeout) throws InterruptedException {
        stopRequests();
        return awaitCompletion(timeout);
    }

    /** What was sent so far; any thread, any time. */
    public SentCounts counts() {
        return counters.snapshot();
    }

    /** Every record Kafka acknowledged, in acknowledgement order; empty unless the settings keep a log. */
    public List<SentEvent> sentEvents() {
        return List.copyOf(sentLog);
    }

    /** The first exception that stopped a send, or null. */
    public RuntimeException failure() {
        return failure.get();
    }

    /**
     * Stops at once: labels not yet due are never sent (they stay counted as pending). Closes the
     * producer only if {@link #connect} made it.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the traffic simulator's thread did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while stopping the traffic simulator; closing the producer anyway");
        }
        // A caller's producer is left as it is: its own close sends what is still buffered.
        if (ownsProducer) producer.close(CLOSE_TIMEOUT);
        log.info("traffic simulator stopped: {}", counts().statusLine());
    }

    private void requestsTimeUp() {
        synchronized (this) {
            if (finishing) return;
            finishing = true;
        }
        endRequests();
    }

    /**
     * On the scheduler thread, so no request is half-planned when shutdown refuses new tasks; the
     * label tasks already scheduled still run (the executor's default), then the thread ends.
     */
    private void endRequests() {
        if (pacer != null) pacer.cancel(false);
        scheduler.shutdown();
    }

    private void pace() {
        try {
            long elapsed = System.nanoTime() - startNanos;
            long due = (long) (elapsed / 1e9 * settings.eventsPerSecond());
            long maxBurst = Math.max(1, (long) settings.eventsPerSecond());
            if (due - requestsStarted > maxBurst) {
                // Fell behind (a pause): skip ahead rather than flood the broker with a backlog.
                log.debug("traffic simulator skipping {} requests it fell behind on", due - requestsStarted - maxBurst);
                requestsStarted = due - maxBurst;
            }
            while (requestsStarted < due) {
                requestsStarted++;
                request(clock.millis());
            }
        } catch (RuntimeException e) {
            fail(e);
            throw e; // ends the pacer: a producer that fails now will fail the next request too
        }
    }

    private void request(long nowMs) {
        RequestPlan plan = planner.plan(nowMs);
        counters.planned(plan);
        for (PlannedRecord r : plan.records()) {
            if (r.delayMs() == 0) {
                send(r);
            } else {
                counters.scheduled();
                scheduler.schedule(() -> sendLater(r), r.delayMs(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void sendLater(PlannedRecord r) {
        counters.handedOver();
        try {
            send(r);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void send(PlannedRecord r) {
        SentEvent e = r.record();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(e.topic(), null, e.timestamp(), e.key(), e.value());
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                counters.failed();
                log.warn("could not send a {} record to {}: {}", r.kind(), e.topic(), error.toString());
            } else {
                counters.sent(r.kind());
                if (settings.keepLog()) sentLog.add(e);
            }
        });
    }

    /** Keeps the first failure for {@link #awaitCompletion} to throw; later ones are counted, and logged briefly. */
    private void fail(RuntimeException e) {
        counters.failed();
        if (failure.compareAndSet(null, e)) log.error("traffic simulator could not send", e);
        else log.debug("traffic simulator could not send either: {}", e.toString());
    }
}
