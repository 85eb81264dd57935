package org.aquasurf.search;

import org.aquasurf.store.ClassState;

import java.util.List;

/**
 * Ranks what to evaluate next, as a sampler in Optuna: it reads {@link Observations} and returns
 * their NEW classes best first. It never writes: {@link Search} alone evaluates baselines first,
 * claims (skipping what other workers claimed meanwhile) and counts the budget. Implementations may
 * keep state between calls (a seed, a fitted model) but must not modify the observations' arrays.
 * Built in: {@link SurrogateSuggester} (AQuaSurF) and {@link RandomSuggester}.
 */
@FunctionalInterface
public interface Suggester {
    /**
     * The NEW classes of {@code observations} worth evaluating, best first; empty when none is
     * left. Classes that are not NEW are ignored by the search.
     */
    List<ClassState> rank(Observations observations);
}
