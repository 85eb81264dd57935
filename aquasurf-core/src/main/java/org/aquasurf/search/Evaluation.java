package org.aquasurf.search;

import org.aquasurf.store.EvaluationResult;

/** Trains and evaluates a network with one activation function (the expensive step of a search). */
@FunctionalInterface
public interface Evaluation {
    /**
     * Evaluates the function with this name. A NaN runtime in the result is replaced by the
     * measured wall-clock time. Throwing marks the function's class FAILED with the message.
     */
    EvaluationResult evaluate(String functionName) throws Exception;
}
