package org.clearway.routes.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** Issue 12 step 0: an H2 file database configured without WRITE_DELAY=0 is made durable at commit. */
class DatabaseDurabilityTest {

    @Test
    void anH2FileDatabaseWithTheDefaultWriteDelayIsSetToZero(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        SingleConnectionDataSource ds = new SingleConnectionDataSource(url, "sa", "", true);
        try (Connection c = ds.getConnection()) {
            assertThat(DatabaseDurability.writeDelay(c)).as("H2's default").isEqualTo(500);
        }
        new DatabaseDurability(ds).afterPropertiesSet();
        try (Connection c = ds.getConnection()) {
            assertThat(DatabaseDurability.writeDelay(c)).isZero();
        }
        ds.destroy();
    }

    @Test
    void theShippedUrlAsksForNoWriteDelay(@TempDir Path dir) throws Exception {
        String shipped = java.nio.file.Files.readString(findConfig());
        assertThat(shipped).contains("WRITE_DELAY=0");
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        SingleConnectionDataSource ds = new SingleConnectionDataSource(url, "sa", "", true);
        try (Connection c = ds.getConnection()) {
            assertThat(DatabaseDurability.writeDelay(c)).isZero();
        }
        ds.destroy();
    }

    private static Path findConfig() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config/application.yml");
            if (java.nio.file.Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/application.yml not found above the working directory");
    }
}
