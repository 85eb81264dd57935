package org.aquasurf.search;

import org.aquasurf.store.ClassState;

import java.util.Comparator;
import java.util.List;

/**
 * Random search: the NEW classes in a random order drawn from the seed. Each class gets a fixed
 * random key from (seed, class id), so the order does not change between calls and the search is
 * the same however often it is asked: a seeded shuffle of the classes.
 */
public final class RandomSuggester implements Suggester {
    private final long seed;

    /** Random search with this seed. */
    public RandomSuggester(long seed) {
        this.seed = seed;
    }

    @Override
    public List<ClassState> rank(Observations observations) {
        List<ClassState> classes = observations.classes();
        return observations.candidates().stream().map(classes::get)
                .sorted(Comparator.comparingLong((ClassState c) -> key(seed, c.classId())).thenComparingLong(ClassState::classId))
                .toList();
    }

    /** The random key of a class (ascending keys come first): Stafford's variant 13 mix of seed and id. */
    static long key(long seed, long classId) {
        long z = seed * 0x9E3779B97F4A7C15L + classId * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
