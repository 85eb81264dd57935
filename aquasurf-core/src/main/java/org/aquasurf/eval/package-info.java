/**
 * Evaluation of expressions on double arrays: the compiled {@link org.aquasurf.eval.Evaluator}, the
 * 1000 {@link org.aquasurf.eval.StandardInputs} and Gaussian normalization
 * ({@link org.aquasurf.eval.GaussianMoments}).
 */
package org.aquasurf.eval;
