/**
 * ACON example: relu, swish, ACON-C and Meta-ACON-C in a small CNN on the bundled MNIST digits, with
 * plots of accuracy, loss and the learned ACON-C functions
 * ({@link org.aquasurf.examples.acon.AconComparison}, runnable with {@code --help} or as
 * {@code aquasurf acon}).
 */
package org.aquasurf.examples.acon;
