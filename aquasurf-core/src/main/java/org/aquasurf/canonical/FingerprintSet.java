package org.aquasurf.canonical;

/**
 * A set of fingerprints in open-addressing arrays (16 bytes per entry, at most half full): counts
 * the classes of spaces with millions of names in little memory. Not thread-safe.
 */
public final class FingerprintSet {
    private long[] his = new long[1 << 10];
    private long[] los = new long[1 << 10];
    private boolean[] used = new boolean[1 << 10];
    private int size;

    /** Adds {@code f}; true if it was not yet present. */
    public boolean add(Fingerprint f) {
        return add(f.hi(), f.lo());
    }

    private boolean add(long hi, long lo) {
        if (2 * (size + 1) > used.length) grow();
        int mask = used.length - 1;
        int i = (int) (hi ^ (hi >>> 32)) & mask;
        while (used[i]) {
            if (his[i] == hi && los[i] == lo) return false;
            i = (i + 1) & mask;
        }
        used[i] = true;
        his[i] = hi;
        los[i] = lo;
        size++;
        return true;
    }

    /** True if {@code f} was added. */
    public boolean contains(Fingerprint f) {
        int mask = used.length - 1;
        int i = (int) (f.hi() ^ (f.hi() >>> 32)) & mask;
        while (used[i]) {
            if (his[i] == f.hi() && los[i] == f.lo()) return true;
            i = (i + 1) & mask;
        }
        return false;
    }

    /** Number of distinct fingerprints added. */
    public int size() { return size; }

    private void grow() {
        long[] oldHi = his, oldLo = los;
        boolean[] oldUsed = used;
        his = new long[oldUsed.length * 2];
        los = new long[oldUsed.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) if (oldUsed[i]) add(oldHi[i], oldLo[i]);
    }
}
