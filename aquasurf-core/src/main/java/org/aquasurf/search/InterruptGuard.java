package org.aquasurf.search;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a clean stop while it is open: the JVM's shutdown hook
 * releases the claim of the work in progress, so another worker or a rerun takes it at once, and
 * prints one line saying what was interrupted and how to resume. Use with try-with-resources
 * around a loop, telling it what is held with {@link #holding} and when nothing is with {@link #idle}.
 */
public final class InterruptGuard implements AutoCloseable {
    private final Consumer<String> out;
    private final String phase;
    private final Thread hook;
    private volatile String what;
    private volatile BooleanSupplier release;
    private volatile boolean closed;

    private InterruptGuard(String phase, Consumer<String> out) {
        this.phase = Objects.requireNonNull(phase, "phase");
        this.out = Objects.requireNonNull(out, "out");
        this.hook = new Thread(this::interrupted, "aquasurf-interrupt");
    }

    /** Installs the hook; {@code phase} names the work for the message (e.g. "search"). */
    public static InterruptGuard install(String phase, Consumer<String> out) {
        InterruptGuard g = new InterruptGuard(phase, out);
        Runtime.getRuntime().addShutdownHook(g.hook);
        return g;
    }

    /**
     * Work {@code description} is in progress; {@code release} gives its claim back if the process
     * is interrupted, returning false if the claim was no longer held.
     */
    public void holding(String description, BooleanSupplier release) {
        this.release = release;
        this.what = description;
    }

    /** No claim is held now. */
    public void idle() {
        this.what = null;
        this.release = null;
    }

    /** True once the process is shutting down (a signal arrived): loops should stop taking new work. */
    public boolean stopping() {
        return closed;
    }

    private void interrupted() {
        closed = true;
        String w = what;
        BooleanSupplier r = release;
        String released = "";
        if (w != null && r != null) {
            try {
                released = r.getAsBoolean() ? "; its claim was released"
                        : "; its claim was no longer held (its result was just stored, or its lease was lost)";
            } catch (RuntimeException e) {
                released = "; releasing its claim failed (" + e.getMessage() + "), it returns to the pool when its lease runs out";
            }
        }
        out.accept("interrupted: " + phase + (w == null ? "" : " during " + w) + released
                + "; everything finished is stored, run the same command again to resume");
        System.out.flush();
    }

    /** Removes the hook (the work ended normally). */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }
}
