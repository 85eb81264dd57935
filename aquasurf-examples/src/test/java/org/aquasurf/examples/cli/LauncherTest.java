package org.aquasurf.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the launcher {@code bin/aquasurf} for real, as a separate process, on the test class path
 * (given to it in {@code AQUASURF_CLASSPATH}, so it does not start a build inside the build).
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "aquasurf").toAbsolutePath().normalize();

    @Test
    void badNamePrintsTheCaretErrorAloneAndExitsWithStatus2() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is executable");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(List.of(LAUNCHER.toString(), "outputs", "--fn", "max(rleu(x),x)"));
        pb.environment().put("AQUASURF_CLASSPATH", classPath);
        pb.environment().put("JAVA_OPTS", "-Xmx256m");
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/aquasurf finished");
            assertEquals(AquaSurfCli.BAD_INPUT, p.exitValue(), "exit status; stderr: " + Files.readString(err));
            assertEquals("", Files.readString(out), "nothing on stdout");
            assertEquals("aquasurf outputs: unknown operator 'rleu' (did you mean 'relu'?) at position 4\n"
                    + "  max(rleu(x),x)\n"
                    + "      ^^^^\n", Files.readString(err), "stderr is the caret error alone");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
