/**
 * The search loop: {@code AquaSurf.search(store).budget(50).evaluateWith(fn -> train(fn)).run()}
 * evaluates baselines first, then the class with the best predicted validation accuracy
 * ({@link org.aquasurf.search.Suggester}); it is resumable after a crash and safe with several
 * processes on one store. {@link org.aquasurf.search.Replay} replays surrogate and random search
 * against stored results (e.g. an imported Act-Bench file) to compare them without training.
 */
package org.aquasurf.search;
