package org.aquasurf.examples.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The search options: explicit options win over --smoke, a JDBC URL stays a URL, and bad values are named. */
class SearchOptionsTest {

    private static MnistSearch parse(String... args) {
        MnistSearch search = new MnistSearch();
        new CommandLine(search).parseArgs(args);
        return search;
    }

    @Test
    void explicitOptionsWinOverSmokeSettings() {
        SearchOptions smoke = parse("--smoke").options;
        smoke.useSmokeSettings(5, 1);
        assertEquals(5, smoke.budget());
        assertEquals(1, smoke.epochs());
        assertEquals(List.of("unary(x)"), smoke.schemas());
        assertEquals(12, smoke.candidates());

        SearchOptions explicit = parse("--smoke", "--budget", "7", "--schema", "binary(x,unary(x))", "--candidates", "20",
                "--lr", "0.5").options;
        explicit.useSmokeSettings(5, 1);
        explicit.learningRate(0.05f);
        assertEquals(7, explicit.budget());
        assertEquals(1, explicit.epochs(), "not given: the smoke setting");
        assertEquals(List.of("binary(x,unary(x))"), explicit.schemas());
        assertEquals(20, explicit.candidates());
        assertEquals(0.5f, explicit.learningRate());
        assertTrue(explicit.given("--budget") && !explicit.given("--epochs"));
    }

    @Test
    void aJdbcUrlStaysAUrlAndAPathIsAFile() {
        SearchOptions url = parse("--db", "jdbc:postgresql://host:5432/search?user=me").options;
        assertEquals("jdbc:postgresql://host:5432/search?user=me", url.db(), "no slash collapsed as Path would");
        assertNull(url.dbFile());
        assertEquals("jdbc:postgresql://host:5432/search?user=me", url.dbLocation());
        assertEquals(Path.of("/tmp/a.db"), parse("--db", "jdbc:sqlite:/tmp/a.db").options.dbFile());
        assertEquals(Path.of("a.db").toAbsolutePath().toString(), parse("--db", "a.db").options.dbLocation());
    }

    @Test
    void validateNamesTheFirstBadOption() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse("--budget", "0").validate());
        assertEquals("--budget must be at least 1 evaluation, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--fisher-samples", "200", "--train-size", "100").validate());
        assertEquals("--fisher-samples must be in [1, --train-size = 100], got 200", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--schema", "binary(unray(x),x)").validate());
        assertTrue(e.getMessage().startsWith("--schema unknown operator 'unray' (did you mean 'unary'?)"), e.getMessage());
        parse().validate();
    }
}
