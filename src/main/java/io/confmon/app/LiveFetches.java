package io.confmon.app;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How {@code confmon run}'s consumers fetch: a fetch waits at the broker for {@value #MIN_BYTES}
 * bytes or {@value #MAX_WAIT_MS} ms, whichever comes first. The consumer answers at the first byte
 * by default, and Kafka Streams keeps that: live, many fetches of a few records, each with its own
 * poll round in the stream thread and its own request in the broker. Measured with
 * {@code bench monitor --parts latency} (the README's "larger fetches by default"): at the same load
 * the monitor used less of its CPU and the label -> API tail fell. The short wait keeps a fetch
 * with little to read (a by-model fetch holding a label's deltas) from waiting long; the price is
 * an empty fetch every {@value #MAX_WAIT_MS} ms when idle instead of every 20 ms (measured once with
 * no traffic: the monitor 6.1 % of a CPU against 5.1 %, the broker 13.0 % against 8.2 %).
 * {@code streams.consumer.*} keys set by the user win.
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
