package io.confmon.cli;

import picocli.CommandLine;

/** The contract's exit codes: 0 success, 2 usage or configuration error, 1 runtime failure. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int USAGE = 2;

    private ExitCodes() {}

    static int forException(Throwable t) {
        return t instanceof UsageError || t instanceof io.confmon.app.ConfigException || t instanceof CommandLine.ParameterException
                ? USAGE : RUNTIME_FAILURE;
    }

    static int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof UsageError || e instanceof io.confmon.app.ConfigException) {
            cli.getErr().println("confmon: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof io.confmon.app.TopicPermissionException) {
            cli.getErr().println("confmon: " + e.getMessage());
            return RUNTIME_FAILURE;
        }
        cli.getErr().println("confmon: " + e);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            cli.getErr().println("  caused by: " + cause);
        }
        return RUNTIME_FAILURE;
    }
}
