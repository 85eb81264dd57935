package org.aquasurf.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.aquasurf.eval.Evaluator;
import org.aquasurf.grammar.Expr;
import org.aquasurf.schema.Schema;
import org.aquasurf.store.ClassStatus;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.aquasurf.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** replay, actbench import/export and summary on a small Act-Bench-format file written here. */
class ResultsCommandsTest {

    /**
     * All unary(x) and binary(x,unary(x)) functions; validation accuracy falls with the distance of a
     * function's outputs from swish's, and the "Fisher CDF" is the empirical CDF of its clipped outputs
     * on 40 bins: a benchmark where the outputs predict the accuracy.
     */
    static Path benchmarkFile(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        double[] swish = Evaluator.standard().outputs("swish(x)");
        List<Expr> names = Schema.expand(List.of(Schema.parse("unary(x)"), Schema.parse("binary(x,unary(x))"))).toList();
        for (Expr e : names) {
            double[] o = Evaluator.standard().outputs(e);
            double d = 0;
            for (int i = 0; i < o.length; i++) d += Double.isFinite(o[i]) ? Math.min(2, Math.abs(o[i] - swish[i])) : 2;
            ObjectNode entry = root.putObject(e.toString());
            entry.put("Validation Accuracy", 0.9 - 0.4 * d / o.length);
            entry.put("Test Accuracy", 0.89 - 0.4 * d / o.length);
            entry.putArray("Equivalent Activation Functions");
            ArrayNode cdf = entry.putArray("Fisher log eigenvalue CDF");
            double[] sorted = Arrays.stream(o).map(v -> Double.isFinite(v) ? Math.max(-5, Math.min(5, v)) : 5).sorted().toArray();
            for (int b = 1; b <= 40; b++) {
                double edge = -5 + 10.0 * b / 40;
                int count = 0;
                for (double v : sorted) if (v <= edge) count++;
                cdf.add((double) count / sorted.length);
            }
        }
        Path file = dir.resolve("bench.json");
        json.writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void replayImportExportAndSummary(@TempDir Path dir) throws Exception {
        Path file = benchmarkFile(dir);
        Path png = dir.resolve("replay.png");
        CliRun replay = run("replay", "--file", file.toString(), "--seeds", "2", "--steps", "15",
                "--baselines", "relu(x),max(x,tanh(x))", "--suggesters", "paper,ensemble,random", "--plot", png.toString());
        assertEquals(0, replay.status(), replay.err() + replay.out());
        assertTrue(replay.out().contains("evaluations to top 1%"), replay.out());
        for (String s : List.of("paper", "ensemble", "random")) {
            assertEquals(2, replay.out().lines().filter(l -> l.startsWith(s + " ") && l.contains(" seed ")).count(), replay.out());
            assertTrue(replay.out().lines().anyMatch(l -> l.startsWith(s + " ") && l.contains("/2")), "a table row for " + s + ":\n" + replay.out());
        }
        assertNotNull(ImageIO.read(png.toFile()));
        CliRun typo = run("replay", "--file", file.toString(), "--suggesters", "paper,ensamble");
        assertEquals(AquaSurfCli.BAD_INPUT, typo.status());
        assertTrue(typo.err().contains("--suggesters unknown suggester 'ensamble': use one of paper, ensemble, random"), typo.err());

        Path db = dir.resolve("imported.db");
        CliRun imported = run("actbench", "import", "--file", file.toString(), "--db", db.toString());
        assertEquals(0, imported.status(), imported.err());
        try (FunctionStore store = FunctionStore.open(db)) {
            assertEquals(31 + 7 * 31, store.summary().names());
            assertEquals(store.summary().classes(), store.count(ClassStatus.DONE));
            assertEquals(0.9, store.top(1).get(0).validationAccuracy(), 1e-12, "swish itself is the best");
        }
        CliRun summary = run("summary", "--db", db.toString(), "--top", "3");
        assertEquals(0, summary.status(), summary.err());
        assertTrue(summary.out().contains("  0.9000  "), summary.out());
        assertEquals(3, summary.out().lines().filter(l -> l.startsWith("  0.")).count(), summary.out());

        Path exported = dir.resolve("exported.json");
        assertEquals(0, run("actbench", "export", "--db", db.toString(), "--file", exported.toString()).status());
        var tree = new ObjectMapper().readTree(Files.readString(exported).replace("NaN", "null"));
        assertTrue(tree.has("swish(x)") || tree.has("mul(x,sigmoid(x))"), "the swish class is exported");

        CliRun soft = run("summary", "--db", db.toString(), "--clean");
        assertTrue(soft.out().contains("Number of evaluated unique functions: 0"), soft.out());
    }

    @Test
    void baselinesSplitAtCommasOutsideParentheses() {
        assertEquals(List.of("max(relu(x),relu(x))", "tanh(x)", "add(x,mul(x,x))"),
                ReplayCommand.splitNames("max(relu(x),relu(x)), tanh(x),add(x,mul(x,x))"));
        assertEquals(List.of("relu(x)"), ReplayCommand.splitNames("relu(x),"));
    }

    @Test
    void badInputGivesOneLineErrors(@TempDir Path dir) throws Exception {
        CliRun both = run("replay", "--file", "a.json", "--db", "b.db");
        assertEquals(AquaSurfCli.BAD_INPUT, both.status());
        assertTrue(both.err().contains("give exactly one of --file or --db"), both.err());
        Path foreign = dir.resolve("foreign.db");
        Files.writeString(foreign, "this is not a database");
        CliRun bad = run("summary", "--db", foreign.toString());
        assertEquals(AquaSurfCli.BAD_INPUT, bad.status(), bad.err());
        assertTrue(bad.err().contains(foreign.toString()), bad.err());
        assertTrue(!bad.err().contains("\tat ") && bad.err().strip().lines().count() <= 3, "no stack trace: " + bad.err());
    }
}
