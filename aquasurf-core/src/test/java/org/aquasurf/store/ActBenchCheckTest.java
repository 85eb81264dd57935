package org.aquasurf.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Act-Bench files that are malformed in the ways the red-team pass found are rejected with one
 * line naming the file, the line and the entry; entries that merge into one class are counted.
 */
class ActBenchCheckTest {
    @TempDir Path dir;

    private String rejected(String name, String json, String... expected) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        try (FunctionStore store = FunctionStore.open(dir.resolve(name + ".db"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> ActBench.importFile(file, store));
            String m = e.getMessage();
            assertTrue(m.startsWith(file.toString()), m);
            assertFalse(m.contains("\n"), "one line: " + m);
            assertTrue(m.length() < 500, "short: " + m.length() + " characters");
            for (String x : expected) assertTrue(m.contains(x), "'" + x + "' missing in: " + m);
            assertEquals(0, store.summary().names(), "nothing was imported");
            return m;
        }
    }

    @Test void jsonBeyondTheReadersLimitsKeepsTheOriginalError() throws Exception {
        rejected("name.json", "{\"" + "a".repeat(60_000) + "\": {}}", "JSON beyond the reader's limits", "line 1", "Name length");
        rejected("deep.json", "{\"relu(x)\": {\"x\": " + "[".repeat(1_100) + "]".repeat(1_100) + "}}",
                "JSON beyond the reader's limits", "nesting depth");
        rejected("long.json", "{\"relu(x)\": {\"note\": \"" + "b".repeat(20_000_001) + "\"}}",
                "JSON beyond the reader's limits", "String value length");
    }

    @Test void duplicateKeysAndTrailingGarbageAreRejected() throws Exception {
        rejected("dup.json", "{\"relu(x)\": {\"Validation Accuracy\": 0.5},\n \"relu(x)\": {\"Validation Accuracy\": 0.7}}",
                "line 2", "Duplicate field 'relu(x)'");
        rejected("dupfield.json", "{\"relu(x)\": {\"Validation Accuracy\": 0.5,\n \"Validation Accuracy\": 0.7}}",
                "line 2", "Duplicate field 'Validation Accuracy'");
        rejected("garbage.json", "{\"relu(x)\": {\"Validation Accuracy\": 0.5}}\n{}", "line 2", "unexpected text after the top-level object");
        rejected("garbage2.json", "{\"relu(x)\": {\"Validation Accuracy\": 0.5}} xyz", "not valid Act-Bench JSON");
    }

    @Test void impossibleNumbersAreRejectedNamingTheEntryAndField() throws Exception {
        rejected("five.json", "{\"relu(x)\": {\"Validation Accuracy\": 0.5},\n\"tanh(x)\": {\"Validation Accuracy\": 5.0}}",
                "line 2", "entry 'tanh(x)'", "'Validation Accuracy' must be in [0, 1]", "got 5.0");
        rejected("inf.json", "{\"tanh(x)\": {\"Test Accuracy\": Infinity}}", "'Test Accuracy' must be in [0, 1]");
        rejected("loss.json", "{\"tanh(x)\": {\"Train Loss\": -1}}", "'Train Loss' must be at least 0");
        rejected("time.json", "{\"tanh(x)\": {\"Runtime (s)\": Infinity}}", "'Runtime (s)' must be at least 0 and finite");
    }

    @Test void aBadNameIsReportedWithFileLineEntryAndPositionEvenWhenHuge() throws Exception {
        rejected("name.json", "{\"relu(x)\": {},\n\"tanh(x)\": {\"Equivalent Activation Functions\": [\"tanh(x)\", \"rleu(x)\"]}}",
                "line 2", "entry 'tanh(x)'", "'Equivalent Activation Functions'[1]", "'rleu(x)' is not a valid function name",
                "did you mean 'relu'?", "position 0");
        String m = rejected("huge.json", "{\"relu(x)\": {\"Equivalent Activation Functions\": [\"max(" + "q".repeat(10 << 20) + "(x),x)\"]}}",
                "entry 'relu(x)'", "unknown operator 'qqq", "characters)");
        assertFalse(m.contains("did you mean"), m);
        rejected("ansi.json", "{\"relu(\\u001b[2Jx)\": {}}", "\\u001b");
    }

    @Test void entriesMergingIntoOneClassGetTheMeanAndAreCounted() throws Exception {
        // relu(x) and max(x,zero(x)) have identical outputs: one class here, two entries in the file
        Path file = dir.resolve("merge.json");
        Files.writeString(file, """
                {"relu(x)": {"Validation Accuracy": 0.80, "Test Accuracy": 0.70},
                 "max(x,zero(x))": {"Validation Accuracy": 0.80, "Test Accuracy": 0.70},
                 "max(zero(x),x)": {"Validation Accuracy": 0.90, "Test Accuracy": NaN},
                 "tanh(x)": {"Validation Accuracy": 0.60, "Equivalent Activation Functions": ["tanh(x)"]}}
                """);
        try (FunctionStore store = FunctionStore.open(dir.resolve("m.db"))) {
            ImportReport r = ActBench.importFile(file, store);
            assertEquals(4, r.entries());
            assertEquals(2, r.classesAdded());
            assertEquals(1, r.sameResult(), "max(x,zero(x)) repeats relu(x)'s result");
            assertEquals(1, r.averaged(), "max(zero(x),x) differs");
            FunctionRecord relu = store.find("relu(x)").orElseThrow();
            assertEquals((0.80 + 0.80 + 0.90) / 3, relu.validationAccuracy(), 1e-15, "the mean of the three entries");
            assertEquals(0.70, relu.result().testAccuracy(), 1e-15, "the mean over the known values");
            assertTrue(r.toString().contains("1 with a different one (the class holds the mean)"), r.toString());

            Path other = dir.resolve("other.json");
            Files.writeString(other, "{\"max(x,relu(x))\": {\"Validation Accuracy\": 0.99}}");
            ImportReport again = ActBench.importFile(other, store);
            assertEquals(1, again.keptStored(), "a result stored before the import is kept");
            assertEquals((0.80 + 0.80 + 0.90) / 3, store.find("relu(x)").orElseThrow().validationAccuracy(), 1e-15);
        }
    }

    @Test void meansDoNotDependOnTheOrderOfTheEntries() {
        ResultMerge a = new ResultMerge();
        ResultMerge b = new ResultMerge();
        EvaluationResult x = EvaluationResult.ofValidationAccuracy(0.2);
        EvaluationResult y = EvaluationResult.ofValidationAccuracy(0.5);
        EvaluationResult z = EvaluationResult.ofValidationAccuracy(0.8);
        assertEquals(ResultMerge.Outcome.FIRST, a.add(1, null, x));
        a.add(1, null, y);
        a.add(1, null, z);
        b.add(1, null, z);
        b.add(1, null, x);
        assertEquals(ResultMerge.Outcome.AVERAGED, b.add(1, null, y));
        assertEquals(ResultMerge.Outcome.FIRST, b.add(2, null, y));
        assertEquals(ResultMerge.Outcome.SAME, b.add(2, null, y));
        assertEquals(ResultMerge.Outcome.KEPT_STORED, b.add(3, x, y));
        assertEquals(ResultMerge.Outcome.SAME_AS_STORED, b.add(3, y, y));
        assertEquals(a.mean(1).validationAccuracy(), b.mean(1).validationAccuracy(), 1e-15);
        assertEquals(0.5, a.mean(1).validationAccuracy(), 1e-15);
    }
}
