/**
 * The All-CNN-C on CIFAR-100 search of the AQuaSurF paper: the user's database subclass
 * ({@link org.aquasurf.examples.allcnn.AllCnnCDatabase}) and the {@code allcnn-search} command
 * ({@link org.aquasurf.examples.allcnn.AllCnnCSearch}).
 */
package org.aquasurf.examples.allcnn;
