package org.aquasurf.store;

/**
 * Progress or outcome of {@link FunctionStore#populate}: names read from the input, names added
 * (the others were already stored or repeated), and new equivalence classes created.
 */
public record PopulateReport(long namesSeen, long namesAdded, long classesAdded) {}
