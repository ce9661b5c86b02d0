package org.clearway.routes.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several gateway instances sharing one database and broker ({@code clearway.cluster}).
 *
 * @param instanceId  this instance's name in the leases it takes; stable across restarts so an
 *                    instance resumes its own unfinished work at once. Blank: host name plus the
 *                    absolute data directory.
 * @param uploadLease how long a bulk upload stays with the instance processing it without a renewal
 *                    (renewed with every chunk); after that another instance that can read the
 *                    spooled file takes it over
 * @param idempotencyLease how long an in-flight {@code Idempotency-Key} stays with the request that
 *                    claimed it; a request cut by a crash is retried with the same key after that
 *                    (until then the retry is answered 409 {@code idempotency-in-flight})
 */
@ConfigurationProperties("clearway.cluster")
public record ClusterProperties(@DefaultValue("") String instanceId, @DefaultValue("2m") Duration uploadLease,
                                @DefaultValue("60s") Duration idempotencyLease) {

    /** Single-instance defaults (tests that build the gateway's parts by hand). */
    public static ClusterProperties defaults() {
        return new ClusterProperties("", Duration.ofMinutes(2), Duration.ofSeconds(60));
    }

    /** The configured id, or host name and data directory. */
    public String resolveInstanceId(Path dataDir) {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + dataDir.toAbsolutePath().normalize();
    }
}
