package io.confmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An unknown option is named, by every subcommand, with exit code 2, even where a required option
 * is missing too (picocli reports that one first unless told otherwise).
 */
class UnknownOptionTest {
    @ParameterizedTest(name = "confmon {0} --frobnicate")
    @ValueSource(strings = {"", "run", "evaluate", "demo", "broker", "reset", "backfill", "bench", "bench evaluate", "bench monitor"})
    void isNamedWithExitCodeTwo(String command) {
        String[] words = command.isEmpty() ? new String[0] : command.split(" ");
        String[] args = new String[words.length + 1];
        System.arraycopy(words, 0, args, 0, words.length);
        args[words.length] = "--frobnicate";

        CliRun run = CliRun.of(args);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).as("names the option").contains("'--frobnicate'")
                .contains("--help").doesNotStartWith("confmon: Missing required option");
    }

    @ParameterizedTest(name = "evaluate {0}")
    @ValueSource(strings = {"--frobnicate=1", "--inptu"})
    void evaluateNamesTheUnknownOptionBeforeTheMissingInput(String option) {
        CliRun run = CliRun.of("evaluate", option);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        // The first line names the option ("Unknown option" or "Unknown option or argument", as picocli words it).
        assertThat(run.err().lines().findFirst().orElse("")).startsWith("confmon: Unknown option").endsWith("'" + option + "'");
        assertThat(run.err()).doesNotContain("Missing required option");
    }
}
