/**
 * Image data sets for the examples: the 10,000 real MNIST digits bundled as resources ({@link
 * org.aquasurf.examples.data.Mnist}), the CIFAR-100 binary files from a user directory ({@link
 * org.aquasurf.examples.data.Cifar100}), both as immutable {@link org.aquasurf.data.ImageSet}s
 * of unsigned bytes that turn into normalized floats or DJL datasets on demand.
 */
package org.aquasurf.examples.data;
