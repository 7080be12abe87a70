package io.confmon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code confmon} command: one subcommand per job. {@code System.exit} only here. */
@Command(name = "confmon",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Live confusion-matrix monitor for production classifiers, on Kafka.",
        subcommands = {DemoCommand.class, RunCommand.class, BackfillCommand.class, EvaluateCommand.class, ScoreCommand.class, BrokerCommand.class, ResetCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 success, 2 usage or configuration error, 1 runtime failure. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(ExitCodes::forException);
        cli.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        cli.setParameterExceptionHandler(new UsageErrors());
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: try 'confmon --help'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"confmon " + (v == null ? "dev" : v)};
        }
    }
}
