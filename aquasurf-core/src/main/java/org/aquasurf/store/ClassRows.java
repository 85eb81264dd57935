package org.aquasurf.store;

import org.aquasurf.canonical.Canonicalizer;
import org.aquasurf.grammar.Excerpt;
import org.jdbi.v3.core.statement.Update;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * How a store's rows are written and read: the columns of a class row and their mapping to
 * {@link FunctionRecord}, the binary forms of names (through the store's {@link NameCodec}),
 * class keys and feature vectors, and the statement that stores a result. Shared by every part of
 * a store; it runs no statement itself.
 */
final class ClassRows {
    /** The columns {@link #record} reads, in order, of the classes table aliased {@code c}. */
    static final String COLUMNS = "c.id, c.key, c.name, c.status, c.claimed_by, c.train_acc, "
            + "c.train_loss, c.val_acc, c.val_loss, c.test_acc, c.test_loss, c.runtime_s, c.extra, c.error, "
            + "c.features, c.features_error";
    /** The SET clause making a class DONE with the result bound by {@link #bindResult}. */
    static final String RESULT_SET = "status = 'DONE', train_acc = :ta, train_loss = :tl, val_acc = :va, "
            + "val_loss = :vl, test_acc = :sa, test_loss = :sl, runtime_s = :rt, extra = :extra, error = NULL";
    private static final HexFormat HEX = HexFormat.of();

    private final NameCodec codec;
    private final Canonicalizer canonicalizer;
    private final String location;

    ClassRows(NameCodec codec, Canonicalizer canonicalizer, String location) {
        this.codec = codec;
        this.canonicalizer = canonicalizer;
        this.location = location;
    }

    /** The class row at the current position of {@code rs}, read from {@link #COLUMNS}. */
    FunctionRecord record(ResultSet rs) throws SQLException {
        ClassStatus status = ClassStatus.valueOf(rs.getString(4));
        EvaluationResult result = status != ClassStatus.DONE ? null : new EvaluationResult(
                real(rs, 6), real(rs, 7), real(rs, 8), real(rs, 9), real(rs, 10), real(rs, 11), real(rs, 12),
                rs.getString(13));
        byte[] blob = rs.getBytes(15);
        return new FunctionRecord(rs.getLong(1), HEX.formatHex(rs.getBytes(2)), name(rs.getBytes(3)), status, rs.getString(5),
                result, blob == null ? null : decode(blob), rs.getString(16), rs.getString(14));
    }

    /** The codec of this store's names. */
    NameCodec codec() {
        return codec;
    }

    /** A stored name in text. */
    String name(byte[] stored) {
        return codec.decode(stored);
    }

    /** The binary form of a name; IllegalArgumentException naming it and the store if it does not parse. */
    byte[] encodeName(String name) {
        try {
            return codec.encode(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("function name '" + Excerpt.of(name) + "' is not valid for store " + location + ": " + e.getMessage(), e);
        }
    }

    /** The canonical class key of a name as bytes (keys are even-length hex strings, stored in half the space). */
    byte[] keyOf(String name) {
        String key;
        try {
            key = canonicalizer.classKey(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot add function '" + Excerpt.of(name) + "' to " + location + ": " + e.getMessage(), e);
        }
        try {
            return HEX.parseHex(key);
        } catch (IllegalArgumentException e) {
            throw new StoreException("the canonicalizer's key '" + key + "' of '" + Excerpt.of(name)
                    + "' is not an even-length hex string, as store " + location + " requires");
        }
    }

    /** Binds a result to the parameters of {@link #RESULT_SET}. */
    static Update bindResult(Update u, EvaluationResult r) {
        return u.bind("ta", stored(r.trainAccuracy())).bind("tl", stored(r.trainLoss())).bind("va", stored(r.validationAccuracy()))
                .bind("vl", stored(r.validationLoss())).bind("sa", stored(r.testAccuracy())).bind("sl", stored(r.testLoss()))
                .bind("rt", stored(r.runtimeSeconds())).bind("extra", r.extraJson());
    }

    /** A value to store: NaN (unknown) is stored as NULL by both backends (SQLite would do so itself). */
    private static Double stored(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** A nullable number column; NULL reads as NaN. */
    static double real(ResultSet rs, int column) throws SQLException {
        Object o = rs.getObject(column);
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    /** A feature vector as stored: little-endian doubles. */
    static byte[] encode(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) b.putDouble(d);
        return b.array();
    }

    /** A stored feature vector. */
    static double[] decode(byte[] blob) {
        if (blob.length % Double.BYTES != 0) {
            throw new StoreException("corrupted feature vector of " + blob.length + " bytes (not a multiple of 8)");
        }
        double[] v = new double[blob.length / Double.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
        return v;
    }
}
