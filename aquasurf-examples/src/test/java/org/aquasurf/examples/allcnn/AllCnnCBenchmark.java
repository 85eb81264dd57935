package org.aquasurf.examples.allcnn;

import org.aquasurf.examples.cli.JvmSetup;
import org.aquasurf.examples.data.Cifar100;
import org.aquasurf.data.ImageSet;
import org.aquasurf.train.ImageClassifierTrainer;
import org.aquasurf.train.Compute;
import org.aquasurf.train.TrainingConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Cost of one function in the full-size All-CNN-C search (96/192 filters, 128-image Fisher batch),
 * on synthetic CIFAR-100 images (the cost does not depend on the pixels): populating the default
 * search space, Fisher features of
 * {@code relu(x)} (twice: the first includes the engine's warm-up), and one training epoch on
 * {@code trainImages} images with the recipe of {@link AllCnnCSearch} (crops, flips, weight decay)
 * plus evaluation, extrapolated to the 45,000 / 5,000 / 10,000 images of the real search, on
 * {@code threads} PyTorch threads (0: all cores). Prints numbers; run with
 * {@code ./benchmark AllCnnCBenchmark [trainImages [threads [train-only]]]}.
 */
public final class AllCnnCBenchmark {
    public static void main(String[] args) throws Exception {
        JvmSetup.apply();
        int trainImages = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int threads = Compute.useThreads(args.length > 1 ? Integer.parseInt(args[1]) : 0);
        boolean trainOnly = args.length > 2 && args[2].equals("train-only");
        System.out.printf(Locale.ROOT, "PyTorch intra-op threads: %d of %d cores%n", threads, Runtime.getRuntime().availableProcessors());
        ImageSet all = Cifar100.synthetic(trainImages + 1000, 1);
        ImageSet train = all.slice(0, trainImages);
        ImageSet eval = all.slice(trainImages, trainImages + 1000);
        Path dir = Files.createTempDirectory("allcnn-bench");
        try (AllCnnCDatabase db = new AllCnnCDatabase(dir.resolve("bench.db"), train)) {
            if (!trainOnly) fisher(db);
            TrainingConfig config = AllCnnCSearch.RECIPE.withEpochs(1).withTrainSize(trainImages);
            ImageClassifierTrainer trainer = new ImageClassifierTrainer(train, eval, eval, Cifar100.NORMALIZATION, config);
            long[] epochEnd = new long[1];
            long[] epochCpu = new long[1];
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            double load = os.getSystemLoadAverage();
            long cpu = os.getProcessCpuTime();
            long t = System.nanoTime();
            trainer.epochLines(line -> {
                epochEnd[0] = System.nanoTime();
                epochCpu[0] = os.getProcessCpuTime();
                System.out.println(line);
            }).train("relu(x)", db.buildModel("relu(x)"));
            long end = System.nanoTime();
            double perTrainImage = (epochEnd[0] - t) / 1e9 / trainImages;
            double perEvalImage = (end - epochEnd[0]) / 1e9 / (trainImages + 2000);
            System.out.printf(Locale.ROOT, "training: %.2f ms/image (forward + backward + SGD step); evaluation: %.2f ms/image%n",
                    1e3 * perTrainImage, 1e3 * perEvalImage);
            double cpuPerImage = (epochCpu[0] - cpu) / 1e9 / trainImages;
            System.out.printf(Locale.ROOT, "training CPU time: %.2f ms/image (%.0f CPU-s per 45000-image epoch; wall/CPU = %.2f);"
                    + " system load average %.1f at the start, %.1f at the end on %d cores%n", 1e3 * cpuPerImage,
                    45_000 * cpuPerImage, perTrainImage / cpuPerImage, load, os.getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "full search: %.0f s per epoch on 45000 images (%.1f samples/s), %.0f s to evaluate"
                    + " 45000 + 5000 + 10000; %d threads, recipe %s%n", 45_000 * perTrainImage, 1 / perTrainImage,
                    60_000 * perEvalImage, threads, config);
        }
    }

    /** Populating the search space and the Fisher features of relu(x), twice (the first includes warm-up). */
    private static void fisher(AllCnnCDatabase db) {
        long p = System.nanoTime();
        var populated = db.populate(AllCnnCDatabase.SEARCH_SPACE.toArray(String[]::new));
        System.out.printf(Locale.ROOT, "populate %s: %d names, %d classes, %.1f s%n", AllCnnCDatabase.SEARCH_SPACE,
                populated.namesAdded(), populated.classesAdded(), (System.nanoTime() - p) / 1e9);
        for (int i = 1; i <= 2; i++) {
            long t = System.nanoTime();
            double[] f = db.fisherFeatures("relu(x)");
            System.out.printf(Locale.ROOT, "Fisher features of relu(x), run %d: %.1f s (%d values)%n", i,
                    (System.nanoTime() - t) / 1e9, f.length);
        }
    }
}
