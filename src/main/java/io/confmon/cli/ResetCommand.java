package io.confmon.cli;

import io.confmon.app.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code confmon reset}: forget the monitor's state and start over from the earliest offsets. Deletes
 * the application's consumer group (its committed offsets), its internal topics (changelogs and
 * repartition topics) and its local state; the input topics are left alone. Stop every instance first.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Forget the monitor's state (offsets, internal topics, local state) so the next run starts from the earliest offsets.")
public final class ResetCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        Config config = options.load();
        String app = config.applicationId();
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            try {
                admin.deleteConsumerGroups(List.of(app)).all().get(30, TimeUnit.SECONDS);
                System.out.println("deleted consumer group " + app);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupNotEmptyException) {
                    throw new UsageError("the monitor '" + app + "' is still running: stop every instance before a reset");
                }
                if (!(e.getCause() instanceof GroupIdNotFoundException)) throw e;
            }
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> internal = topics.stream()
                    .filter(t -> t.startsWith(app + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                    .sorted().toList();
            if (!internal.isEmpty()) {
                admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
                System.out.println("deleted internal topics " + internal);
            }
        }
        Path local = config.stateDir().resolve(app);
        deleteRecursively(local);
        System.out.println("deleted local state " + local);
        System.out.println("the next 'confmon run' of " + app + " starts from the earliest offsets");
        return ExitCodes.OK;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
