/**
 * The search loop: {@code AquaSurf.search(store).budget(50).evaluateWith(fn -> train(fn)).run()}
 * evaluates baselines first, then the class a {@link org.aquasurf.search.Suggester} ranks first
 * among the {@link org.aquasurf.search.Observations} (by default the AQuaSurF surrogate, fitted
 * once per feature set); it is resumable after a crash and safe with several processes on one
 * store. Suggesters only rank; {@link org.aquasurf.search.Search} alone claims and counts the
 * budget. {@link org.aquasurf.search.Replay} replays surrogate and random search through the same
 * loop against stored results (e.g. an imported Act-Bench file) to compare them without training.
 */
package org.aquasurf.search;
