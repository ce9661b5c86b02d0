package org.clearway.routes.deliver;

import org.clearway.routes.store.TestDatabases;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link DeliveryOutboxTest} on PostgreSQL (V28, "on conflict do nothing", the due query, leases),
 * when configured ({@code mvn -Ppostgres}); skipped otherwise.
 */
class DeliveryOutboxPostgresTest extends DeliveryOutboxTest {
    @Override
    TestDatabases.Database database() {
        var pg = TestDatabases.postgres();
        Assumptions.assumeTrue(pg.isPresent(), TestDatabases::postgresUnavailable);
        return pg.get();
    }
}
