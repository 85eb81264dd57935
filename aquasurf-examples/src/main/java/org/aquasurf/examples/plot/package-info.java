/** Headless PNG charts on XChart: {@link org.aquasurf.examples.plot.Plots}. */
package org.aquasurf.examples.plot;
