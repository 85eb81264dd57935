package org.aquasurf.examples.cli;

import java.io.PrintWriter;

import org.aquasurf.examples.acon.AconComparison;
import org.aquasurf.examples.allcnn.AllCnnCSearch;
import org.aquasurf.examples.search.MnistSearch;
import org.aquasurf.examples.tutorial.ActivationTutorial;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code aquasurf} command line. Subcommands: {@code search} (the default job: an activation-function
 * search on MNIST), {@code allcnn-search} (All-CNN-C on CIFAR-100), {@code activation-tutorial}, {@code acon}, {@code replay} (surrogate vs random
 * search on stored results), {@code actbench import|export}, {@code summary}, {@code outputs} (a function's outputs as JSON) and
 * {@code expand} (names and classes of schemas). Bad input (a malformed name, an unparsable number)
 * prints one clear message to stderr and exits with status 2.
 */
@Command(name = "aquasurf", mixinStandardHelpOptions = true, version = "aquasurf 0.1.0",
        description = "Activation-function search with few training runs (AQuaSurF).",
        subcommands = {MnistSearch.class, AllCnnCSearch.class, ActivationTutorial.class, AconComparison.class, ReplayCommand.class,
                ActBenchCommand.class, SummaryCommand.class, OutputsCommand.class, ExpandCommand.class,
                CommandLine.HelpCommand.class})
public final class AquaSurfCli implements Runnable {

    /** Exit status for bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: add subcommands with {@code addSubcommand}, run with {@code execute}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AquaSurfCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = CliErrors.message(ex, dbOption(parseResult));
            if (message == null) throw ex; // a bug: keep the stack trace
            return fail(commandLine, message);
        });
        cli.setParameterExceptionHandler((ex, args) -> fail(ex.getCommandLine(),
                ex.getMessage() + "\nsee: " + qualifiedName(ex.getCommandLine()) + " --help"));
        return cli;
    }

    /** Prints "aquasurf [PARENT] COMMAND: message" (at most 3 lines, control characters escaped); returns {@link #BAD_INPUT}. */
    private static int fail(CommandLine commandLine, String message) {
        PrintWriter err = commandLine.getErr();
        err.println(CliErrors.tidy(qualifiedName(commandLine) + ": " + message));
        err.flush();
        return BAD_INPUT;
    }

    /** "aquasurf actbench import" for a subcommand. */
    private static String qualifiedName(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        for (CommandLine p = commandLine.getParent(); p != null; p = p.getParent()) name = p.getCommandName() + " " + name;
        return name;
    }

    /** The --db of the command that ran (given or default), for messages about its store; null if it has none. */
    private static String dbOption(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult pr = parseResult;
        while (pr.hasSubcommand()) pr = pr.subcommand();
        CommandLine.Model.OptionSpec db = pr.commandSpec().findOption("--db");
        if (db == null) return null;
        Object value = db.getValue();
        return value == null ? null : value.toString();
    }

    public static void main(String[] args) {
        JvmSetup.apply();
        CommandLine cli = commandLine();
        // over System.out itself, so that checkError() sees a closed pipe (EPIPE) that System.out swallowed
        cli.setOut(new PrintWriter(System.out, true));
        System.exit(cli.execute(args));
    }
}
