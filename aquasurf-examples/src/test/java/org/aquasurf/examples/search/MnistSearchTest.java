package org.aquasurf.examples.search;

import org.aquasurf.examples.cli.AquaSurfCli;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionRecord;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistSearchTest {

    private static String run(Path db, Path out) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = new picocli.CommandLine(new MnistSearch(console))
                .execute("--smoke", "--db", db.toString(), "--out", out.toString());
        assertEquals(0, status, bytes.toString(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void smokeSearchTrainsForRealWritesPlotsAndResumes(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("search.db");
        Path out = dir.resolve("out");
        String log = run(db, out);

        try (FunctionStore store = FunctionStore.open(db)) {
            assertEquals(31, store.summary().names(), log);
            assertEquals(5, store.count(ClassStatus.DONE) + store.count(ClassStatus.FAILED), log);
            List<FunctionRecord> top = store.top(5);
            // baselines relu, swish, tanh were evaluated first, on real digits: far above 10% chance
            FunctionRecord relu = store.find("relu(x)").orElseThrow();
            assertEquals(ClassStatus.DONE, relu.status());
            assertTrue(relu.validationAccuracy() > 0.5, "relu val acc " + relu.validationAccuracy());
            assertTrue(top.get(0).validationAccuracy() >= relu.validationAccuracy());
        }
        List<String> steps = log.lines().filter(l -> l.startsWith("step ")).toList();
        assertEquals(5, steps.size(), log);
        assertTrue(steps.get(0).contains("relu(x)") && steps.get(1).contains("swish(x)") && steps.get(2).contains("tanh(x)"), log);
        for (String png : List.of("progress.png", "embedding.png", "best-functions.png", "best-derivatives.png")) {
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png);
        }
        assertTrue(Files.readString(out.resolve("summary.txt")).contains("Best so far: "));

        assertTrue(steps.get(4).startsWith("step 5/5 "), steps.get(4));
        assertTrue(steps.get(4).contains("elapsed "), steps.get(4));
        assertTrue(steps.get(3).contains(", ETA "), steps.get(3));

        // a run that adds no step still rewrites every output from the whole store: no stale file stays
        Files.writeString(out.resolve("progress.png"), "a plot of another database");
        String again = run(db, out);
        assertTrue(again.lines().noneMatch(l -> l.startsWith("step ")), "the budget is already spent: " + again);
        assertTrue(again.contains("budget of 5 evaluations reached"), again);
        assertTrue(again.contains("budget 5 already used: the database holds 5 evaluations (raise --budget to continue)"), again);
        assertTrue(again.indexOf("budget 5 already used") < again.indexOf("Fisher features: 0 computed here"), "said before any Fisher work");
        assertNotNull(ImageIO.read(out.resolve("progress.png").toFile()), "progress.png is this store's plot again");
    }

    @Test
    void derivativeFromAutogradMatchesTheClosedForm() {
        double[] grid = {-3, -1, -0.25, 0.5, 2};
        double[][] vd = SearchOutputs.valueAndDerivative("swish(x)", grid);
        for (int i = 0; i < grid.length; i++) {
            double s = 1 / (1 + Math.exp(-grid[i]));
            assertEquals(grid[i] * s, vd[0][i], 1e-6);
            assertEquals(s + grid[i] * s * (1 - s), vd[1][i], 1e-6);
        }
    }

    @Test
    void outputsDefaultToAFolderPerDatabaseAndLeaseParses() {
        MnistSearch a = new MnistSearch();
        new picocli.CommandLine(a).parseArgs("--db", "x/first.db", "--lease", "90s");
        assertEquals(Path.of("runs", "mnist-search", "first"), a.options.out());
        assertEquals(java.time.Duration.ofSeconds(90), a.options.workers().lease());
        MnistSearch b = new MnistSearch();
        new picocli.CommandLine(b).parseArgs("--db", "second.sqlite", "--lease", "2");
        assertEquals(Path.of("runs", "mnist-search", "second.sqlite"), b.options.out());
        assertEquals(java.time.Duration.ofMinutes(2), b.options.workers().lease());
        MnistSearch c = new MnistSearch();
        new picocli.CommandLine(c).parseArgs("--out", "elsewhere");
        assertEquals(Path.of("elsewhere"), c.options.out());
    }

    @Test
    void commandLineRegistersTheSearch() {
        assertTrue(AquaSurfCli.commandLine().getSubcommands().containsKey("search"));
    }
}
