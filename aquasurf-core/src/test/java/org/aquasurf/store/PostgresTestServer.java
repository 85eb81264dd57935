package org.aquasurf.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the tests, started once per JVM on a free loopback port into a
 * temporary directory (initdb + pg_ctl; as the user postgres when running as root, since postgres
 * refuses to run as root) and stopped at exit. Each test gets a fresh database from
 * {@link #newDatabaseUrl()}. The environment variable {@code AQUASURF_TEST_PG_URL} (a JDBC URL of
 * a maintenance database on a running server, on loopback) replaces the throwaway server.
 * If neither works the tests fail with the reason: they never skip.
 */
public final class PostgresTestServer {
    private static String adminUrl;
    private static int databases;

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
        String env = System.getenv("AQUASURF_TEST_PG_URL");
        if (env != null && !env.isBlank()) {
            if (!env.matches("jdbc:postgresql://(127\\.0\\.0\\.1|localhost|\\[::1\\])[:/].*")) {
                throw new IllegalStateException("AQUASURF_TEST_PG_URL must be a loopback jdbc:postgresql:// URL, got " + env);
            }
            return env;
        }
        try {
            Path bin = binaries();
            boolean root = "0".equals(run(List.of("id", "-u")).strip());
            Path data = Files.createTempDirectory("aquasurf-pg");
            if (root) run(List.of("chown", "postgres", data.toString()));
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path cluster = data.resolve("cluster");
            run(asPostgres(root, List.of(bin.resolve("initdb").toString(), "-D", cluster.toString(), "-A", "trust",
                    "-U", "aquasurf", "-E", "UTF8", "--no-sync")));
            run(asPostgres(root, List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.toString(), "-l",
                    data.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off "
                            + "-c synchronous_commit=off -c full_page_writes=off", "start")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(asPostgres(root, List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.toString(), "-m",
                            "immediate", "-w", "stop")));
                    try (Stream<Path> files = Files.walk(data)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                } catch (Exception ignored) {
                    // best effort at exit
                }
            }));
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=aquasurf";
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a PostgreSQL server for the tests (install Debian's "
                    + "postgresql package, as .ci/run does, or set AQUASURF_TEST_PG_URL): " + e.getMessage(), e);
        }
    }

    /** The directory with initdb and pg_ctl: on the PATH, else the newest /usr/lib/postgresql/VERSION/bin. */
    private static Path binaries() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Path.of(dir);
            }
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                List<Path> bins = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing((Path b) -> versionOf(b)).reversed()).toList();
                if (!bins.isEmpty()) return bins.get(0);
            }
        }
        throw new IOException("no initdb and pg_ctl on the PATH nor in /usr/lib/postgresql/*/bin");
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> asPostgres(boolean root, List<String> command) {
        if (!root) return command;
        String runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser" : "runuser";
        List<String> c = new ArrayList<>(List.of(runuser, "-u", "postgres", "--"));
        c.addAll(command);
        return c;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        return out;
    }
}
