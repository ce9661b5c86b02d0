package org.clearway.routes.support;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Makes the embedded H2 database durable at commit (issue 12, step 0). H2 keeps committed writes in
 * memory for {@code WRITE_DELAY} ms (500 by default) before it writes them to its file, so rows
 * behind an acknowledgement vanished on {@code kill -9} while the broker messages staged with them
 * survived. With a write delay of 0 every commit reaches the file (the operating system's cache)
 * before it returns: a process crash loses nothing committed. H2 does not fsync each commit, so a
 * power loss or kernel crash can still lose the last commits; PostgreSQL (fsync at commit,
 * {@code synchronous_commit=on}) is the production database for that. The shipped URL already says
 * {@code WRITE_DELAY=0}; this check enforces it for any H2 file URL an operator configures.
 */
@Component
public class DatabaseDurability implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(DatabaseDurability.class);

    private final DataSource dataSource;

    public DatabaseDurability(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            if (!"H2".equalsIgnoreCase(meta.getDatabaseProductName()) || meta.getURL().startsWith("jdbc:h2:mem:")) {
                return;
            }
            int delay = writeDelay(connection);
            if (delay != 0) {
                try (Statement s = connection.createStatement()) {
                    s.execute("SET WRITE_DELAY 0");
                }
                log.warn("H2 WRITE_DELAY was {} ms: set to 0 so that committed rows survive a process crash", delay);
            }
            log.info("embedded H2 database: committed writes survive a process crash (WRITE_DELAY=0); "
                    + "power-loss durability needs PostgreSQL");
        }
    }

    static int writeDelay(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery(
                     "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")) {
            return rs.next() ? Integer.parseInt(rs.getString(1).trim()) : -1;
        }
    }
}
