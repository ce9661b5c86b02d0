package org.clearway.routes.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.apache.activemq.artemis.core.paging.PagingManager;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class BrokerStorageHealthTest {

    private static ActiveMQServer server(boolean full, long usable, long total) {
        PagingManager paging = mock(PagingManager.class);
        when(paging.isDiskFull()).thenReturn(full);
        when(paging.getDiskUsableSpace()).thenReturn(usable);
        when(paging.getDiskTotalSpace()).thenReturn(total);
        ActiveMQServer server = mock(ActiveMQServer.class);
        when(server.getPagingManager()).thenReturn(paging);
        return server;
    }

    @Test
    void aFullBrokerDiskTakesTheInstanceOutOfService() {
        var health = GatewayHealth.brokerStorage(server(true, 5_000_000_000L, 100_000_000_000L));
        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("usableBytes", 5_000_000_000L)
                .containsKey("reason");
    }

    @Test
    void spaceLeftIsUp() {
        var health = GatewayHealth.brokerStorage(server(false, 50_000_000_000L, 100_000_000_000L));
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).doesNotContainKey("reason");
    }

    @Test
    void withoutAnEmbeddedBrokerThereIsNothingToWatch() {
        assertThat(GatewayHealth.brokerStorage(null).getStatus()).isEqualTo(Status.UP);
    }
}
