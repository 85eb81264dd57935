package org.aquasurf.search;

import org.aquasurf.store.FunctionStore;

/** Entry points: {@code AquaSurf.search(store).baselines("relu(x)").budget(50).evaluateWith(fn -> train(fn)).run()}. */
public final class AquaSurf {
    private AquaSurf() {}

    /**
     * The seed used wherever none is given: the surrogate's UMAPs, the random order before any
     * accuracy is known, replays and examples.
     */
    public static final long DEFAULT_SEED = 0;

    /** A search over the classes of {@code store}, configured fluently and started with {@link Search#run()}. */
    public static Search search(FunctionStore store) {
        return new Search(new StoreTrials(store));
    }

    /**
     * A replay of searches against the results stored in {@code benchmark} (no training): any store,
     * SQLite or PostgreSQL, e.g. one an Act-Bench file was imported into. It only reads the store.
     */
    public static Replay replay(FunctionStore benchmark) {
        return new Replay(benchmark);
    }
}
