package io.confmon.topology;

import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store that holds nothing and runs its processor's action right before every commit of its
 * task, inside the transaction the commit closes, as that processor (it may forward, as in a
 * punctuation): what lets the join keep a commit's cell deltas in memory and hand them on once per
 * commit, with nothing to write to a changelogged store in between.
 *
 * <p>Kafka Streams 4.3 gives a processor no public hook before a commit. It does flush the record
 * caches of a task's stores there ({@code StreamTask.prepareCommit} -> {@code flush} ->
 * {@code ProcessorStateManager.flushCache}), before the record collector is flushed and the
 * offsets are committed, for every store that is a {@link CachedStateStore}: the internal
 * interface its own caching layer implements. This store implements it to be called at that point
 * (the same point Streams' caches use to send a commit's last writes). Transactional state stores
 * (KIP-892) are the public way to this; 4.3 has none. To forward from there it sets the task's
 * current node and a punctuation's record context, as Streams' own cache flush listeners and
 * punctuations do ({@code TimestampedCacheFlushListener}, {@code StreamTask.punctuate}), through
 * the internal {@link InternalProcessorContext} that every processor is given.
 * {@code ChangesCommitWithTheirInputTest} checks on a real broker that the action runs, and hands
 * its deltas on, before each commit: it goes red if a Kafka upgrade stops calling it there.
 */
final class BeforeCommit implements StateStore, CachedStateStore<Object, Object> {
    private final String name;
    private Runnable action;
    private InternalProcessorContext<?, ?> context;
    private ProcessorNode<?, ?, ?, ?> node;
    private boolean open;

    private BeforeCommit(String name) {
        this.name = name;
    }

    /**
     * What to run before each commit of this task, as the processor whose {@code init} calls this
     * (with its context): what the action forwards goes to that processor's children.
     */
    void runAs(ProcessorContext<?, ?> processor, Runnable action) {
        this.context = (InternalProcessorContext<?, ?>) processor;
        this.node = context.currentNode();
        this.action = action;
    }

    /** Called by Streams before each commit of the task (and before a clean close or a revocation's commit). */
    @Override
    public void flushCache() {
        if (action == null) return;
        ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
        ProcessorRecordContext previousRecord = context.recordContext();
        context.setCurrentNode(node);
        context.setRecordContext(new ProcessorRecordContext(Math.max(0, context.currentStreamTimeMs()), -1L, -1, null, new RecordHeaders()));
        try {
            action.run();
        } finally {
            context.setRecordContext(previousRecord);
            context.setCurrentNode(previousNode);
        }
    }

    /**
     * Called when a task is recycled between active and standby (after its last commit as an
     * active task, before its processors start as one): no action is due until a processor sets one.
     */
    @Override
    public void clearCache() {
        action = null;
        context = null;
        node = null;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Nothing stored, nothing to restore.
        context.register(root, (key, value) -> {});
        open = true;
    }

    @Override
    public void commit(Map<org.apache.kafka.common.TopicPartition, Long> changelogOffsets) {}

    @Override
    public void close() {
        action = null;
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Builds the store; it keeps no log and no cache whatever it is asked (there is nothing in it). */
    static StoreBuilder<BeforeCommit> builder(String name) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<BeforeCommit> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<BeforeCommit> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<BeforeCommit> withLoggingEnabled(Map<String, String> config) {
                return this;
            }

            @Override
            public StoreBuilder<BeforeCommit> withLoggingDisabled() {
                return this;
            }

            @Override
            public BeforeCommit build() {
                return new BeforeCommit(name);
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
