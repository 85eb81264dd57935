package org.aquasurf.examples.quickstart;

import org.aquasurf.store.FunctionStore;
import org.aquasurf.store.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java quick start is this module's {@link QuickStart}, and it runs to the end. */
class QuickStartTest {

    /** The lines between the README markers of QuickStart.java. */
    static String snippet() throws Exception {
        String source = Files.readString(Path.of("src/main/java/org/aquasurf/examples/quickstart/QuickStart.java"));
        return source.substring(source.indexOf('\n', source.indexOf("// README begin")) + 1, source.indexOf("// README end"));
    }

    @Test
    void theReadmeShowsTheQuickStartVerbatim() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(readme.contains("```java\n" + snippet() + "```"), "README's quick start differs from QuickStart.java");
    }

    @Test
    void theQuickStartRunsToTheEndAndFillsItsDatabase(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("quickstart.db");
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[] {db.toString()});
        } finally {
            System.setOut(console);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        try (FunctionStore store = FunctionStore.open(db)) {
            Summary s = store.summary();
            assertEquals(6727 + 3, s.names(), "the schema's names and the 3 baselines\n" + out);
            assertTrue(s.classes() >= 3659, "the schema's classes, and any baseline outside them: " + s.classes());
            assertEquals(30, s.classesWithFeatures() + s.featureErrors(), "the 3 baselines and 27 random classes (a constant one stores an error)");
            assertEquals(5, s.evaluated() + s.failed(), out);
            assertTrue(s.bestValidationAccuracy() > 0.5, "2000 digits, one epoch: " + s.bestValidationAccuracy());
        }
        assertTrue(out.contains("samples/s"), out);
        assertTrue(out.contains("search stopped: budget of 5 evaluations reached"), out);
    }
}
