package io.confmon.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;

/**
 * Benchmark contender: the confusion matrix as the Kafka Streams DSL textbook writes it. Each input
 * is a table by id; the tables are joined into the pair's cell (materialized), the cells are
 * grouped by cell and counted. Streams' defaults otherwise (record cache, one thread, no topology
 * optimization). Not confmon: no validation, no corrections, no expiry, no event-time buckets.
 *
 * <p>The join result is materialized on purpose: the project's design notes report counts up to
 * 58 % too high on small inputs without it, a trap the benchmark's count check would report.
 */
final class TextbookDslJoin {
    static final String COUNT_STORE = "dsl-cell-counts";

    private TextbookDslJoin() {}

    static Topology build(String predictions, String labels) {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> byIdPredictions = builder.table(predictions, Consumed.with(Serdes.String(), Serdes.String())
                .withName("dsl-predictions-source"), Materialized.as("dsl-predictions"));
        KTable<String, String> byIdLabels = builder.table(labels, Consumed.with(Serdes.String(), Serdes.String())
                .withName("dsl-labels-source"), Materialized.as("dsl-labels"));
        KTable<String, String> cells = byIdPredictions.join(byIdLabels,
                (prediction, label) -> CellCounts.cellKey(ClassField.read(label, ClassField.ACTUAL),
                        ClassField.read(prediction, ClassField.PREDICTED)),
                Named.as("dsl-join"), Materialized.as("dsl-pairs"));
        cells.groupBy((id, cell) -> KeyValue.pair(cell, cell), Grouped.with("dsl-by-cell", Serdes.String(), Serdes.String()))
                .count(Named.as("dsl-count"), Materialized.as(COUNT_STORE));
        return builder.build();
    }
}
