package io.confmon.app;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How {@code confmon run}'s consumers fetch: a fetch waits at the broker for {@value #MIN_BYTES}
 * bytes or {@value #MAX_WAIT_MS} ms, whichever comes first. The consumer's defaults answer at the
 * first byte and wait up to 500 ms; Kafka Streams keeps them. Live, answering at the first byte
 * means many fetches of a few records, each with its own poll round in the stream thread and its
 * own request in the broker. Measured with {@code bench monitor --parts latency} (the README's
 * "Fewer, larger fetches"): the monitor used less of its CPU at the same load and the label ->
 * API tail fell, for a few ms more when idle (a fetch with little to read waits up to
 * {@value #MAX_WAIT_MS} ms, on each of the join's two hops). A short wait also keeps a by-model
 * fetch from holding a label's deltas back. The price is paid when idle: an empty fetch comes back
 * every {@value #MAX_WAIT_MS} ms instead of every 20 ms (measured once with no traffic: the monitor
 * 6.1 % of a CPU against 5.1 %, the broker 13.0 % against 8.2 %). {@code streams.consumer.*} keys
 * set by the user win.
 */
final class LiveFetches {
    static final int MIN_BYTES = 32 * 1024;
    static final int MAX_WAIT_MS = 5;

    private LiveFetches() {}

    static Map<String, String> streamsProperties() {
        return Map.of(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), Integer.toString(MIN_BYTES),
                StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), Integer.toString(MAX_WAIT_MS));
    }
}
