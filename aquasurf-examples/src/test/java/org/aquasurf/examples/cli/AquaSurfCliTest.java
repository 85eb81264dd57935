package org.aquasurf.examples.cli;

import static org.aquasurf.examples.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.eval.StandardInputs;
import org.aquasurf.grammar.SpecialFunctions;
import org.junit.jupiter.api.Test;

/** Runs the command line in-process and checks what it prints. */
class AquaSurfCliTest {

    @Test
    void outputsPrintsJsonWithNonFiniteValuesAsStrings() {
        CliRun r = run("outputs", "--fn", "relu(x)", "--x", "-1,0,2.5,nan,inf,-inf");
        assertEquals(0, r.status(), r.err());
        assertEquals("{\"fn\":\"relu(x)\",\"normalized\":false,\"x\":[-1.0,0.0,2.5,\"nan\",\"inf\",\"-inf\"],"
                + "\"outputs\":[0.0,0.0,2.5,\"nan\",\"inf\",0.0]}", r.out().strip());
        CliRun e = run("outputs", "--fn", "erf(x)", "--x", "0.5");
        assertTrue(e.out().contains("\"outputs\":[" + SpecialFunctions.erf(0.5) + "]"), e.out());
    }

    @Test
    void outputsDefaultsToTheStandardInputsAndCanNormalize() {
        CliRun r = run("outputs", "--fn", "max(relu(x), cosh(elu(x)))");
        assertEquals(0, r.status(), r.err());
        String outputs = r.out().substring(r.out().indexOf("\"outputs\":["));
        assertEquals(StandardInputs.SIZE - 1, outputs.chars().filter(c -> c == ',').count());
        assertTrue(r.out().contains("\"x\":[" + StandardInputs.values()[0] + ","), "standard inputs are echoed");
        CliRun n = run("outputs", "--fn", "relu(x)", "--x", "0", "--normalize");
        double mean = 1 / Math.sqrt(2 * Math.PI), std = Math.sqrt(0.5 - mean * mean);
        String value = n.out().substring(n.out().indexOf("\"outputs\":[") + 11, n.out().lastIndexOf(']'));
        assertEquals(-mean / std, Double.parseDouble(value), 1e-12);
        assertTrue(n.out().contains("\"normalized\":true"));
    }

    @Test
    void expandCountsNamesAndClasses() {
        CliRun r = run("expand", "--schema", "binary(unary(x),unary(x))");
        assertEquals(0, r.status(), r.err());
        Set<String> keys = new HashSet<>();
        org.aquasurf.schema.Schema.parse("binary(unary(x),unary(x))").expand()
                .forEach(e -> keys.add(Canonicalizer.standard().classKey(e.toString())));
        assertEquals("{\"schemas\":[\"binary(unary(x),unary(x))\"],\"names\":6727,\"classes\":" + keys.size() + "}", r.out().strip());
    }

    @Test
    void expandListsNamesWithTheirClassKeys() {
        CliRun r = run("expand", "--schema", "unary(x)", "--schema", "max(x, unary(x))", "--list");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(31 + 31 + 1, lines.size());
        assertEquals("zero(x)\t" + Canonicalizer.standard().classKey("zero(x)"), lines.get(0));
        assertEquals("max(x,gelu(x))\t" + Canonicalizer.standard().classKey("max(x,gelu(x))"), lines.get(61));
        int classes = (int) lines.subList(0, 62).stream().map(l -> l.split("\t")[1]).distinct().count();
        assertEquals("{\"schemas\":[\"unary(x)\",\"max(x,unary(x))\"],\"names\":62,\"classes\":" + classes + "}", lines.get(62));
    }

    @Test
    void expandListStopsOnceTheReaderClosesTheOutput() {
        // like `expand --list | head`: after 1000 characters every write fails, as on a closed pipe
        long[] written = {0};
        long[] failedWrites = {0};
        java.io.Writer pipe = new java.io.Writer() {
            @Override public void write(char[] b, int off, int len) throws java.io.IOException {
                if (written[0] >= 1000) { failedWrites[0]++; throw new java.io.IOException("Broken pipe"); }
                written[0] += len;
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        picocli.CommandLine cli = AquaSurfCli.commandLine();
        cli.setOut(new java.io.PrintWriter(pipe));
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));
        // 31^5 * 4 = 114 million names: without the check this would run for many minutes
        int status = cli.execute("expand", "--schema", "n-ary(unary(x),unary(x),unary(x),unary(x),unary(x))", "--list");
        assertEquals(0, status, err.toString());
        assertTrue(failedWrites[0] <= 2L * ExpandCommand.CHECK_EVERY + 10, "stopped soon after the pipe closed: " + failedWrites[0]);
    }

    @Test
    void badInputGetsOneClearMessageAndStatusTwo() {
        CliRun r = run("outputs", "--fn", "max(rleu(x),x)");
        assertEquals(AquaSurfCli.BAD_INPUT, r.status());
        assertEquals("", r.out());
        assertEquals("aquasurf outputs: unknown operator 'rleu' (did you mean 'relu'?) at position 4\n"
                + "  max(rleu(x),x)\n"
                + "      ^^^^", r.err().strip());
        assertEquals(AquaSurfCli.BAD_INPUT, run("outputs", "--fn", "relu(x)", "--x", "1,abc").status());
        assertEquals(AquaSurfCli.BAD_INPUT, run("expand", "--schema", "binary(unary(x)").status());
        assertEquals(AquaSurfCli.BAD_INPUT, run("outputs", "--fn", "zero(x)", "--normalize").status());
        assertEquals(AquaSurfCli.BAD_INPUT, run("outputs").status()); // missing --fn
        assertTrue(run("--help").out().contains("expand"));
    }
}
