package io.confmon.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a command-line mistake, unknown options first: picocli checks required options before it
 * reports what it could not match, so {@code confmon evaluate --frobnicate} would otherwise say
 * "Missing required option: '--input'" and never name the typo that caused it.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        List<String> unmatched = cli.getUnmatchedArguments();
        err.println("confmon: " + message(ex, unmatched));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
        return ExitCodes.USAGE;
    }

    static String message(ParameterException ex, List<String> unmatched) {
        if (ex instanceof UnmatchedArgumentException || unmatched.isEmpty()) return ex.getMessage();
        String unknown = "'" + String.join("', '", unmatched) + "'";
        return (unmatched.size() == 1 ? "Unknown option or argument: " : "Unknown options or arguments: ") + unknown
                + " (then: " + ex.getMessage() + ")";
    }
}
