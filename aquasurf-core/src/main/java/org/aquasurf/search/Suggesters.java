package org.aquasurf.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The built-in suggesters by name, each made from a seed: {@code paper} ({@link SurrogateSuggester},
 * the AQuaSurF surrogate as published), {@code ensemble} ({@link EnsembleSuggester} with its defaults)
 * and {@code random} ({@link RandomSuggester}). The names are what {@code replay --suggesters} and
 * {@link Replay#suggesters(String...)} take.
 */
public final class Suggesters {
    private Suggesters() {}

    public static final String PAPER = "paper";
    public static final String ENSEMBLE = "ensemble";
    public static final String RANDOM = "random";

    /** The suggester a {@link Search} uses when none is given. */
    public static final String DEFAULT = PAPER;

    private static final Map<String, LongFunction<Suggester>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put(PAPER, SurrogateSuggester::new);
        BY_NAME.put(ENSEMBLE, EnsembleSuggester::new);
        BY_NAME.put(RANDOM, RandomSuggester::new);
    }

    /** The names, in the order above. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The suggester of this name made with this seed.
     *
     * @throws IllegalArgumentException naming the known suggesters if the name is not one of them
     */
    public static Suggester create(String name, long seed) {
        return factory(name).apply(seed);
    }

    /** The suggester of this name as a function of the seed (see {@link #create}). */
    public static LongFunction<Suggester> factory(String name) {
        LongFunction<Suggester> f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown suggester '" + name + "': use one of " + String.join(", ", names()));
        }
        return f;
    }
}
