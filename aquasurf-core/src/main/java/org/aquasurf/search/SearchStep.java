package org.aquasurf.search;

import org.aquasurf.store.EvaluationResult;

/**
 * One evaluation done by a search run: its step, the number of results in the store once it was
 * stored (all workers and earlier runs count, so steps continue after a resume; the step count of
 * this run if larger, e.g. when the result went to the journal), the function evaluated (the
 * representative of its class), its result (null if the evaluation threw, then {@code error} says
 * why), and the best validation accuracy in the store after it (NaN if none) with that function.
 */
public record SearchStep(int step, long classId, String name, EvaluationResult result, String error,
                         double bestValidationAccuracy, String bestName) {}
