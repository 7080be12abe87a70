package io.confmon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confmon.cli.BrokerCommand;
import io.confmon.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code confmon broker} as a user runs it: the ready line, clients connecting, a clean stop, exit code 2 for usage errors. */
class BrokerCommandTest {
    private static final Pattern READY = Pattern.compile("ready on localhost:(\\d+)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void printsTheReadyLineServesClientsAndStopsCleanly() throws Exception {
        CommandLine confmon = confmon();
        BrokerCommand broker = confmon.getSubcommands().get("broker").getCommand();

        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> confmon.execute("broker", "--port", "0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> READY.matcher(out.toString()).find() || exitCode.isDone());
        Matcher ready = READY.matcher(out.toString());
        assertThat(ready.find()).as("ready line in %s, stderr %s", out, err).isTrue();
        int port = Integer.parseInt(ready.group(1));

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:" + port))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }

        broker.requestStop();
        assertThat(exitCode.get(30, TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("ready on localhost:" + port + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aTakenPortIsAUsageErrorThatNamesThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();

            int exitCode = confmon().execute("broker", "--port", String.valueOf(port));

            assertThat(exitCode).isEqualTo(2);
            assertThat(err.toString()).contains("port " + port).contains("already in use").contains("--port");
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void aFileAsDataDirIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "a file");

        int exitCode = confmon().execute("broker", "--port", "0", "--data-dir", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains(file.toString()).contains("--data-dir");
    }

    /** The real {@code confmon} command line (its exit-code handling), with {@code broker} added until Main lists it. */
    private CommandLine confmon() {
        CommandLine cli = Main.commandLine();
        if (!cli.getSubcommands().containsKey("broker")) {
            cli.addSubcommand(new BrokerCommand());
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }
}
