package org.aquasurf.fisher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsupportedLayerTest {

    private static final Shape IMAGES = new Shape(2, 4, 6, 6);

    private static SequentialBlock convNet(Conv2d.Builder conv) {
        return new SequentialBlock().add(conv.build()).add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(3).build());
    }

    private static String failure(Block model, Shape shape) {
        try (NDManager m = NDManager.newBaseManager()) {
            Models.init(model, m, shape);
            NDArray x = Models.randn(m, 1, shape.getShape());
            NDArray y = Models.labels(m, 2, (int) shape.get(0), 3);
            return assertThrows(IllegalArgumentException.class, () -> FisherSpectrum.compute(model, x, y,
                    Loss.softmaxCrossEntropyLoss(), FisherOptions.kfac())).getMessage();
        }
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + message + "' should mention '" + part + "'");
        }
    }

    @Test
    void rejectsNonSquareKernelsNamingTheLayer() {
        String msg = failure(convNet(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 1))), IMAGES);
        assertMentions(msg, "'01Conv2d'", "non-square kernel");
    }

    @Test
    void rejectsDilation() {
        String msg = failure(convNet(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3))
                .optDilation(new Shape(2, 2))), IMAGES);
        assertMentions(msg, "'01Conv2d'", "dilation");
    }

    @Test
    void rejectsGroupedConvolutionsAndDepthMultipliers() {
        assertMentions(failure(convNet(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).optGroups(2)),
                IMAGES), "'01Conv2d'", "grouped convolution with 2 groups");
        assertMentions(failure(convNet(Conv2d.builder().setFilters(8).setKernelShape(new Shape(3, 3)).optGroups(4)),
                IMAGES), "'01Conv2d'", "depth multiplier 2");
    }

    @Test
    void rejectsWeightedLayersInsideBlocksItCannotWalk() {
        Block parallel = new ParallelBlock(lists -> lists.get(0),
                List.of(new SequentialBlock().add(Linear.builder().setUnits(3).build()), Activation.tanhBlock()));
        String msg = failure(new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(parallel),
                new Shape(2, 5));
        assertMentions(msg, "'02ParallelBlock'", "'02ParallelBlock/01SequentialBlock/01Linear'", "SequentialBlock");
    }

    @Test
    void rejectsBadInputs() {
        Block model = new SequentialBlock().add(Linear.builder().setUnits(3).build());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Models.randn(m, 1, 4, 5);
            NDArray y = Models.labels(m, 2, 4, 3);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> FisherSpectrum.compute(model, x, y, loss, FisherOptions.kfac())).getMessage(), "initialized");
            Models.init(model, m, new Shape(4, 5));
            NDArray wrong = Models.labels(m, 2, 3, 3);
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> FisherSpectrum.compute(model, x, wrong, loss, FisherOptions.kfac())).getMessage(),
                    "labels shape", "4 samples");
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> FisherSpectrum.compute(model, x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false), y, loss,
                            FisherOptions.kfac())).getMessage(), "samples are float32", "'01Linear_weight' is float64");
            Block noWeights = Models.init(Activation.tanhBlock(), m, new Shape(4, 5));
            assertMentions(assertThrows(IllegalArgumentException.class,
                    () -> FisherSpectrum.compute(noWeights, x, y, loss, FisherOptions.kfac())).getMessage(),
                    "no Dense");
        }
    }

    @Test
    void warnsAboutOtherWeightedBlocksAndLeavesThemOut() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Capture.class.getName());
        logger.addHandler(handler);
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock model = new SequentialBlock()
                    .add(new SequentialBlock().add(Conv2d.builder().setFilters(4).setKernelShape(new Shape(3, 3)).build())
                            .add(BatchNorm.builder().build()))
                    .add(Activation.reluBlock()).add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(3).build());
            Models.init(model, m, IMAGES);
            List<LayerSpectrum> spectra = FisherSpectrum.compute(model, Models.randn(m, 3, IMAGES.getShape()),
                    Models.labels(m, 4, 2, 3), Loss.softmaxCrossEntropyLoss(), FisherOptions.kfac());
            assertEquals(List.of("01SequentialBlock/01Conv2d", "04Linear"),
                    spectra.stream().map(LayerSpectrum::layerName).toList());
            List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING)
                    .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters())).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertMentions(warnings.get(0), "'01SequentialBlock/02BatchNorm'", "left out");
        } finally {
            logger.removeHandler(handler);
        }
    }

    /** An overflowing covariance gives NaN eigenvalues and NaN features instead of garbage. */
    @Test
    void nonFiniteCovarianceGivesNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = Models.init(new SequentialBlock().add(Linear.builder().setUnits(20).build()), m, new Shape(1, 20));
            NDArray x = Models.randn(m, 5, 3, 20).mul(1e200);
            List<LayerSpectrum> spectra = FisherSpectrum.compute(model, x, Models.labels(m, 6, 3, 20),
                    Loss.softmaxCrossEntropyLoss(), FisherOptions.kfac());
            assertTrue(Double.isNaN(spectra.get(0).eigA()[0]));
            for (double v : FisherFeatures.cdf(spectra)) {
                assertTrue(Double.isNaN(v));
            }
        }
    }

    @Test
    void namesNestedLayersByPath() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block model = new SequentialBlock()
                    .add(new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(Activation.tanhBlock()))
                    .add(Linear.builder().setUnits(3).build());
            Models.init(model, m, new Shape(1, 5));
            List<LayerSpectrum> spectra = FisherSpectrum.compute(model, Models.randn(m, 1, 4, 5),
                    Models.labels(m, 2, 4, 3), Loss.softmaxCrossEntropyLoss(), FisherOptions.kfac());
            assertEquals(List.of("01SequentialBlock/01Linear", "02Linear"),
                    spectra.stream().map(LayerSpectrum::layerName).toList());
        }
    }
}
