/**
 * K-FAC Fisher eigenvalue features of DJL models, as used by AQuaSurF to characterise an activation
 * function by the Fisher information of a network at initialisation.
 *
 * <p>{@link org.aquasurf.fisher.FisherSpectrum#compute} walks a model's SequentialBlocks, records
 * every Dense (Linear), Conv2d and depthwise Conv2d layer's input and, in one backward pass, the
 * loss gradient with respect to its output; it forms the Kronecker factors A and G of each layer's
 * Fisher block with libtorch matrix products and eigen-decomposes them (a blocked Householder/QL
 * solver, EJML as the cross-check), the layers on {@link org.aquasurf.fisher.FisherOptions#threads()}
 * threads; factor eigenvalues below n·ε·λmax, rounding noise, are raised to that floor.
 * {@link org.aquasurf.fisher.FisherFeatures#cdf} turns the layers' log-eigenvalues into the
 * concatenated CDF feature vector. {@link org.aquasurf.fisher.FisherOptions#reference()} reproduces
 * the public reference implementation's normalisation (its dense layers divide by in_features + 1
 * instead of the batch size, its depthwise G by N·T·C, and it uses the gradient of the batch-mean
 * loss) for comparison with
 * the published Act-Bench data; {@link org.aquasurf.fisher.FisherOptions#kfac()} is the textbook
 * K-FAC/KFC normalisation. {@link org.aquasurf.fisher.AllCnnC} builds the CIFAR network of the
 * AQuaSurF experiments.
 *
 * <pre>{@code
 * List<LayerSpectrum> spectra = FisherSpectrum.compute(model, images, labels,
 *         Loss.softmaxCrossEntropyLoss(), FisherOptions.reference());
 * double[] features = FisherFeatures.cdf(spectra);
 * }</pre>
 */
package org.aquasurf.fisher;
