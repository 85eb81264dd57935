package org.aquasurf.examples.jshell;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs the documented jshell session (jshell/aquasurf.jsh) snippet by snippet with the JShell API. */
class JShellSessionTest {

    @Test
    void documentedSessionRunsWithoutErrors() throws Exception {
        String source = Files.readString(Path.of("jshell", "aquasurf.jsh"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream original = System.out;
        System.setOut(out); // the local execution engine runs snippets in this JVM, printing to System.out
        try (JShell shell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String rest = source;
            int snippets = 0;
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                if (info.source() == null) fail("incomplete snippet at: " + rest);
                List<SnippetEvent> events = shell.eval(info.source());
                for (SnippetEvent e : events) {
                    String diagnostics = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList().toString();
                    assertTrue(e.status() == Snippet.Status.VALID, "snippet rejected: " + info.source() + " " + diagnostics);
                    assertNull(e.exception(), () -> "snippet threw: " + info.source() + " " + e.exception());
                }
                snippets++;
                rest = info.remaining();
            }
            assertTrue(snippets > 20, "snippets run: " + snippets);
        } finally {
            System.setOut(original);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("max(relu(x),cosh(elu(x))) at -2,-1,0,1,2: [1.39770133377561"), printed);
        assertTrue(printed.contains("same class as max(cosh(elu(x)),relu(x))? true"), printed);
        assertTrue(printed.contains("binary(unary(x),unary(x)) has 6727 names"), printed);
        assertTrue(printed.contains("suggestion: "), printed);
        assertEquals(1, printed.lines().filter(l -> l.startsWith("suggestion: ")).count());
    }
}
