package org.aquasurf.examples.allcnn;

import org.aquasurf.examples.cli.AquaSurfCli;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllCnnCSearchTest {

    @Test
    void smokeSearchTrainsOnSyntheticImagesStoresResultsAndWritesPlots(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("allcnn.db");
        Path out = dir.resolve("out");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new CommandLine(new AllCnnCSearch(console)).execute("--smoke", "--db", db.toString(), "--out", out.toString());
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, log);

        List<String> baselines = List.of("relu(x)", "swish(x)", "elu(x)", "selu(x)", "tanh(x)", "sigmoid(x)", "softplus(x)", "softsign(x)");
        try (FunctionStore store = FunctionStore.open(db)) {
            assertEquals(9, store.count(ClassStatus.DONE) + store.count(ClassStatus.FAILED), log);
            // the 8 baselines and 4 sampled classes of unary(x) got Fisher features
            assertTrue(store.summary().classesWithFeatures() + store.summary().featureErrors() == 12, log);
            FunctionRecord relu = store.find("relu(x)").orElseThrow();
            assertEquals(ClassStatus.DONE, relu.status());
            assertTrue(relu.validationAccuracy() >= 0 && relu.validationAccuracy() <= 1, log);
            // 100 classes, 2 validation and 2 test images each: chance is 1%; the class colours are learnable
            // (plain All-CNN-C with relu barely moves in 3 epochs, as in the paper's Glorot-initialized net)
            FunctionRecord best = store.top(1).get(0);
            assertTrue(best.validationAccuracy() > 0.05, "best val acc " + best.validationAccuracy() + "\n" + log);
            assertTrue(best.result().testAccuracy() > 0.05, "best test acc " + best.result().testAccuracy() + "\n" + log);
        }
        List<String> steps = log.lines().filter(l -> l.startsWith("step ")).toList();
        assertEquals(9, steps.size(), log);
        for (int i = 0; i < baselines.size(); i++) {
            assertTrue(steps.get(i).contains(baselines.get(i)), "baseline " + baselines.get(i) + " is step " + (i + 1) + ":\n" + log);
        }
        for (String png : List.of("progress.png", "embedding.png", "best-functions.png", "best-derivatives.png")) {
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png);
        }
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("Best so far: "));
    }

    @Test
    void missingDataIsOneClearMessageWithExitCode2(@TempDir Path dir) {
        Path empty = dir.resolve("cifar-100-binary");
        for (String[] args : List.of(
                new String[] {"allcnn-search", "--data", empty.toString(), "--db", dir.resolve("a.db").toString()},
                new String[] {"allcnn-search", "--db", dir.resolve("a.db").toString()})) {
            CommandLine cli = AquaSurfCli.commandLine();
            StringWriter out = new StringWriter(), err = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int status = cli.execute(args);
            String message = err.toString();
            assertEquals(AquaSurfCli.BAD_INPUT, status, message);
            assertTrue(message.startsWith("aquasurf allcnn-search: "), message);
            assertTrue(message.contains("train.bin") && message.contains("test.bin"), message);
            assertEquals(1, message.strip().lines().count(), "one line, no stack trace: " + message);
            assertFalse(message.contains("Exception"), message);
            assertFalse(Files.exists(dir.resolve("a.db")), "no database is created without data");
        }
    }

    @Test
    void missingFilesAreNamed(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("train.bin"), new byte[0]);
        CommandLine cli = AquaSurfCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(AquaSurfCli.BAD_INPUT, cli.execute("allcnn-search", "--data", dir.toString()));
        assertTrue(err.toString().contains("missing: test.bin"), err.toString());
        assertTrue(err.toString().contains(dir.toAbsolutePath().toString()), err.toString());
    }
}
