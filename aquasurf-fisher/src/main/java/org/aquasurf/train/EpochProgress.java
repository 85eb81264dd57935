package org.aquasurf.train;

import java.io.PrintStream;

/**
 * Training progress: on a terminal a single line is rewritten while batches run; otherwise (logs, CI,
 * pipes) nothing is printed until the epoch ends, then one clean line per epoch.
 */
public final class EpochProgress {

    private final PrintStream out;
    private final boolean terminal;

    private EpochProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress on {@code out}, rewriting the line only when the JVM is attached to a terminal. */
    public static EpochProgress to(PrintStream out) {
        return new EpochProgress(out, System.console() != null);
    }

    /** Called after each batch; prints only on a terminal, at most every 10 batches. */
    public void batch(String run, int epoch, int epochs, int batch, int batches) {
        if (terminal && (batch % 10 == 0 || batch == batches)) {
            out.printf("\r%-18s epoch %d/%d  batch %d/%d ", run, epoch, epochs, batch, batches);
            out.flush();
        }
    }

    /** Called once per epoch with the finished line. */
    public void epoch(String line) {
        if (terminal) out.print("\r\033[K");
        out.println(line);
        out.flush();
    }
}
