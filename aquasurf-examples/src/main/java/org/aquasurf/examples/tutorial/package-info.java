/**
 * The activation-function tutorial: sigmoid, tanh, ReLU and leaky ReLU MLPs on MNIST, shallow and deep
 * ({@link org.aquasurf.examples.tutorial.ActivationTutorial}, runnable with {@code --help}).
 */
package org.aquasurf.examples.tutorial;
