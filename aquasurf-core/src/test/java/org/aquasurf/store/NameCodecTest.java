package org.aquasurf.store;

import org.aquasurf.grammar.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class NameCodecTest {
    @TempDir Path dir;
    private final NameCodec codec = new NameCodec(Parser.standard(), Parser.standard().registry().names());

    @Test void roundTripsEveryNameAndIsCompact() {
        List<String> names = new java.util.ArrayList<>(Fixtures.names());
        names.addAll(List.of("x", "sum_n(relu(x),x,tanh(x),max(x,x))", "pow(bessel_i0e(x),log_sigmoid(hard_sigmoid(x)))"));
        for (String n : names) assertEquals(n, codec.decode(codec.encode(n)));
        // prefix bytes: max,2, relu,1,x, cosh,1, elu,1,x
        assertEquals(10, codec.encode("max(relu(x),cosh(elu(x)))").length);
    }

    @Test void equalExpressionsWrittenDifferentlyShareOneForm() {
        assertArrayEquals(codec.encode("max(relu(x),cosh(elu(x)))"), codec.encode(" max( relu(x) , cosh(elu( x)))"));
        try (FunctionStore store = FunctionStore.open(dir.resolve("a.db"))) {
            store.populate(List.of("add(relu(x), tanh(x))"));
            assertEquals("add(relu(x),tanh(x))", store.find("add(relu(x),tanh(x))").orElseThrow().name());
            assertEquals(0, store.populate(List.of("add(relu(x),tanh(x))")).namesAdded());
        }
    }

    @Test void operatorsOutsideTheTableAndCorruptBytesAreClearErrors() {
        NameCodec small = new NameCodec(Parser.standard(), List.of("relu", "add"));
        var e = assertThrows(IllegalArgumentException.class, () -> small.encode("add(relu(x),tanh(x))"));
        assertTrue(e.getMessage().contains("'tanh'"), e.getMessage());
        assertThrows(StoreException.class, () -> small.decode(new byte[] {2, 2, 0}));
        assertThrows(StoreException.class, () -> small.decode(new byte[] {9, 1, 0}));
        assertThrows(StoreException.class, () -> small.decode(new byte[] {0, 0}));
    }
}
