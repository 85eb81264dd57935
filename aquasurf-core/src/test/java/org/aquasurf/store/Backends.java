package org.aquasurf.store;

import java.nio.file.Path;
import java.util.List;

/** The two store backends for parameterized tests: a fresh store's JDBC URL for each. */
public final class Backends {
    private Backends() {}

    /** The backend names: the argument source of parameterized store tests. */
    public static List<String> all() {
        return List.of("sqlite", "postgres");
    }

    /** A JDBC URL of a new, empty store: an SQLite file {@code name} in {@code dir}, or a new PostgreSQL database. */
    public static String newStore(String backend, Path dir, String name) {
        return switch (backend) {
            case "sqlite" -> "jdbc:sqlite:" + dir.resolve(name).toAbsolutePath();
            case "postgres" -> PostgresTestServer.newDatabaseUrl();
            default -> throw new IllegalArgumentException("unknown backend " + backend);
        };
    }
}
