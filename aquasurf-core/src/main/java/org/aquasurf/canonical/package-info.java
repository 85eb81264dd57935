/**
 * Equivalence of function names: {@link org.aquasurf.canonical.Fingerprint} class keys of outputs
 * on the standard inputs, structural canonical forms ({@link org.aquasurf.canonical.Canonicalizer})
 * and fast fingerprinting of whole spaces ({@link org.aquasurf.canonical.SpaceFingerprints}).
 */
package org.aquasurf.canonical;
