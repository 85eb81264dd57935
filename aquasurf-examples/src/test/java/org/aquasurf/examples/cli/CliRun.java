package org.aquasurf.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code aquasurf} command line: its exit status and what it printed.
 *
 * @param status exit status
 * @param out    standard output
 * @param err    standard error
 */
record CliRun(int status, String out, String err) {

    /** Runs {@link AquaSurfCli#commandLine()} with {@code args}, capturing both streams. */
    static CliRun run(String... args) {
        CommandLine cli = AquaSurfCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
