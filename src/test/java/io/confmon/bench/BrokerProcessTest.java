package io.confmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmarks' broker runs in a JVM with the collector Kafka's own start script gives a broker. */
class BrokerProcessTest {
    @Test
    void theCollectorOptionsGoToTheJvmNotToTheBroker() {
        List<String> command = BrokerProcess.command(Path.of("/tmp/data"));
        int main = command.indexOf("io.confmon.cli.Main");

        assertThat(command.subList(0, main)).containsAll(BrokerProcess.KAFKA_SCRIPT_GC);
        assertThat(command.subList(main, command.size())).containsExactly("io.confmon.cli.Main", "broker", "--port", "0",
                "--data-dir", "/tmp/data");
    }

    /** On one CPU the JVM would pick the serial collector by itself; with the options it runs G1. */
    @Test
    void onOneCpuTheBrokersJvmRunsG1() throws Exception {
        List<String> withOptions = new ArrayList<>(BrokerProcess.KAFKA_SCRIPT_GC);
        withOptions.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));

        String with = onOneCpu(withOptions);
        String without = onOneCpu(List.of("-XX:+PrintFlagsFinal", "-version"));

        assertThat(with).containsPattern("bool UseG1GC +=\\s*true").containsPattern("uintx MaxGCPauseMillis +=\\s*20\\b");
        assertThat(without).containsPattern("bool UseSerialGC +=\\s*true");
    }

    /** A JVM with {@code options}, bound to the first CPU this process may use. */
    private static String onOneCpu(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CpuPinning.TASKSET, "-c", Integer.toString(CpuPinning.allowed().get(0)),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
