package org.aquasurf.store;

import java.util.Locale;

/**
 * The outcome of an Act-Bench import ({@link ActBench#importFile}).
 *
 * @param entries        entries read
 * @param namesAdded     names new to the store
 * @param classesAdded   classes new to the store
 * @param sameResult     entries whose class already had the same result (from the file or the store)
 * @param averaged       entries whose class already had a different result from the file: the class holds the mean
 * @param keptStored     entries whose class was already DONE in the store with another result: the stored one is kept
 */
public record ImportReport(long entries, long namesAdded, long classesAdded, long sameResult, long averaged,
                           long keptStored) {

    /** One line: "4 entries, 4 new names, 3 new classes; merged into classes with results: 1 same, 0 averaged, 0 kept the stored result". */
    @Override public String toString() {
        return String.format(Locale.ROOT, "%d entries, %d new names, %d new classes; entries merged into a class that had a result: "
                        + "%d with the same result, %d with a different one (the class holds the mean), "
                        + "%d differing from the stored result (kept)", entries, namesAdded, classesAdded, sameResult, averaged,
                keptStored);
    }
}
