package org.aquasurf.examples.search;

import org.aquasurf.examples.cli.AquaSurfCli;
import org.aquasurf.store.FunctionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The search command populating a large space prints progress with a total and stops cleanly on SIGTERM. */
class PopulateInterruptTest {

    @Test
    void populateOfALargeSpacePrintsProgressAndHonoursSigterm(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("big.db");
        Path out = dir.resolve("cli.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // 7 x 31 x 7 x 31 x 31 = 1,459,759 names: minutes to populate
        Process p = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                AquaSurfCli.class.getName(), "search", "--db", db.toString(), "--out", dir.resolve("o").toString(),
                "--schema", "binary(unary(x),binary(unary(x),unary(x)))")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Files.readAllLines(out).stream().noneMatch(l -> l.startsWith("populate "))) {
            assertTrue(p.isAlive(), Files.readString(out));
            assertTrue(System.nanoTime() < deadline, "no populate progress line in time: " + Files.readString(out));
            Thread.sleep(50);
        }
        String progress = Files.readAllLines(out).stream().filter(l -> l.startsWith("populate ")).findFirst().orElseThrow();
        assertTrue(progress.matches("populate \\d+/1459759 names \\(\\d+%\\), \\d+ new, \\d+ new classes, \\d+ s, ETA \\d+ s"), progress);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = Files.readString(out);
        assertEquals(143, p.exitValue(), text);
        assertEquals(1, text.lines().filter(l -> l.startsWith("interrupted: populate of [binary(unary(x),binary(unary(x),unary(x)))]; "
                + "everything finished is stored, run the same command again to resume")).count(), text);
        try (FunctionStore store = FunctionStore.open(db)) {
            var s = store.summary();
            assertTrue(s.names() > 0 && s.classes() > 0 && s.classes() <= s.names(), s.toString());
        }
    }
}
