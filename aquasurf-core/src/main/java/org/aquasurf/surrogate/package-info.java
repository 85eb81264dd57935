/**
 * The AQuaSurF surrogate: a pure-Java UMAP ({@link org.aquasurf.surrogate.Umap}) whose fuzzy graphs
 * ({@link org.aquasurf.surrogate.FuzzyGraph}) can be united as umap-learn's {@code model1 + model2},
 * k-nearest-neighbour regression in the embedding ({@link org.aquasurf.surrogate.KnnRegressor}, Tribuo),
 * and {@link org.aquasurf.surrogate.Surrogate}, which chains them: outputs and Fisher features to
 * predicted accuracies. Everything is deterministic for a given seed, whatever the number of cores: the
 * neighbour searches and the embedding's gradient descent use several threads without changing a bit.
 */
package org.aquasurf.surrogate;
