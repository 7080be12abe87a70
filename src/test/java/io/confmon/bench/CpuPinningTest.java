package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Part latency gives the monitor the last CPU this process may use, and reads how busy each CPU was. */
class CpuPinningTest {
    @Test
    void readsTasksetListsWithRanges() {
        assertThat(CpuPinning.parseList(" 0-2,5")).containsExactly(0, 1, 2, 5);
        assertThat(CpuPinning.parseList("3")).containsExactly(3);
    }

    @Test
    void theMonitorGetsTheLastCpuAndTheRestGoToEverythingElse() {
        CpuPinning.Split split = CpuPinning.split(List.of(2, 3, 6));

        assertThat(split.monitor()).isEqualTo(6);
        assertThat(split.othersList()).isEqualTo("2,3");
        assertThat(split.othersBusy(Map.of(2, 0.5, 3, 1.0, 6, 0.1))).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void oneCpuIsRefusedSayingWhy() {
        assertThatThrownBy(() -> CpuPinning.split(List.of(0)))
                .hasMessage("a CPU of its own for the monitor needs at least 2 CPUs; this process may use [0]");
    }

    @Test
    void busySharesComeFromTheKernelsPerCpuCounters() {
        // user nice system idle iowait irq softirq steal
        CpuBusy.Mark before = CpuBusy.parse(List.of(
                "cpu  300 0 100 900 0 0 0 0 0 0",
                "cpu0 100 0 50 800 50 0 0 0 0 0",
                "cpu1 200 0 50 100 0 0 0 0 0 0",
                "intr 12345"));
        CpuBusy.Mark after = CpuBusy.parse(List.of(
                "cpu  500 0 200 1000 0 0 0 0 0 0",
                "cpu0 130 0 60 850 60 0 0 0 0 0",
                "cpu1 380 0 70 110 0 0 0 0 0 0"));

        Map<Integer, Double> busy = after.since(before);

        assertThat(busy).containsOnlyKeys(0, 1);
        assertThat(busy.get(0)).isCloseTo(40.0 / 100, within(1e-9));
        assertThat(busy.get(1)).isCloseTo(200.0 / 210, within(1e-9));
    }
}
