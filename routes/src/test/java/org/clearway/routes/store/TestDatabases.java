package org.clearway.routes.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases the tests run on: an in-memory H2 (always) and, when configured, a fresh PostgreSQL
 * database created for this JVM and dropped when it exits.
 *
 * <p>PostgreSQL is configured by the system properties (or environment variables)
 * {@code clearway.test.postgres.url} ({@code CLEARWAY_TEST_PG_URL}: a JDBC URL of an existing
 * database to connect to for {@code create database}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}),
 * {@code .user}/{@code .password} ({@code CLEARWAY_TEST_PG_USER}/{@code CLEARWAY_TEST_PG_PASSWORD}; the role
 * needs {@code CREATEDB}) and {@code .required} ({@code CLEARWAY_TEST_PG_REQUIRED}): when true an unreachable
 * server fails the tests, otherwise they skip PostgreSQL with a logged reason. {@code mvn -Ppostgres} sets them.
 */
public final class TestDatabases {
    private static final Logger log = LoggerFactory.getLogger(TestDatabases.class);

    /** A database the gateway can connect to. */
    public record Database(String kind, String url, String user, String password) {
        @Override
        public String toString() {
            return kind;
        }
    }

    private static Optional<Database> postgres;
    private static String postgresUnavailable;

    private TestDatabases() {
    }

    /** A private in-memory H2 database in the gateway's compatibility mode, shared by name within this JVM. */
    /** A Hikari pool of {@code size} connections on {@code db} (the caller closes it). */
    public static com.zaxxer.hikari.HikariDataSource pool(Database db, String name, int size) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(size);
        config.setPoolName(name);
        return new com.zaxxer.hikari.HikariDataSource(config);
    }

    public static Database h2(String name) {
        return new Database("h2", "jdbc:h2:mem:" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
    }

    /**
     * This JVM's PostgreSQL database, created on first use; empty when PostgreSQL is not configured or
     * not reachable (and not required; see {@link #postgresUnavailable()} for why).
     *
     * @throws IllegalStateException when PostgreSQL is required but cannot be reached
     */
    public static synchronized Optional<Database> postgres() {
        if (postgres == null) {
            postgres = createPostgres();
        }
        return postgres;
    }

    /** Why {@link #postgres()} is empty. */
    public static synchronized String postgresUnavailable() {
        postgres();
        return postgresUnavailable;
    }

    private static Optional<Database> createPostgres() {
        String url = setting("clearway.test.postgres.url", "CLEARWAY_TEST_PG_URL", "");
        String user = setting("clearway.test.postgres.user", "CLEARWAY_TEST_PG_USER", "clearway");
        String password = setting("clearway.test.postgres.password", "CLEARWAY_TEST_PG_PASSWORD", "");
        boolean required = Boolean.parseBoolean(setting("clearway.test.postgres.required", "CLEARWAY_TEST_PG_REQUIRED", "false"));
        if (url.isBlank()) {
            postgresUnavailable = "PostgreSQL not configured (mvn -Ppostgres, or CLEARWAY_TEST_PG_URL)";
            log.info("{}: testing on H2 only", postgresUnavailable);
            return Optional.empty();
        }
        String name = "clearway_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            postgresUnavailable = "PostgreSQL at " + url + " as " + user + " unavailable: " + e.getMessage();
            if (required) {
                throw new IllegalStateException(postgresUnavailable + " (clearway.test.postgres.required=true)", e);
            }
            log.warn("{}: skipping the PostgreSQL variants", postgresUnavailable);
            return Optional.empty();
        }
        String databaseUrl = withDatabase(url, name);
        log.info("PostgreSQL test database {} created ({})", name, databaseUrl);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(url, user, password, name), "drop-" + name));
        return Optional.of(new Database("postgresql", databaseUrl, user, password));
    }

    /** Replaces the database name of a {@code jdbc:postgresql://host:port/name?params} URL. */
    static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        if (!url.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host[:port]/database, got " + url);
        }
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /**
     * Drops the database at JVM exit. Shutdown hooks run concurrently, so a Spring context may still be
     * closing its pool: wait for its connections to go (bounded), then force the drop.
     */
    private static void drop(String url, String user, String password, String name) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (int i = 0; i < 100 && connections(s, name) > 0; i++) {
                Thread.sleep(100);
            }
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            log.warn("could not drop test database {}: {}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int connections(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where datname = '" + name + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
