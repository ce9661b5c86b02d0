package org.clearway.routes.ingress;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.GatewayProperties.Partner;
import org.clearway.routes.support.GatewayProperties.Role;
import org.clearway.routes.support.Partners;
import org.springframework.stereotype.Component;

/**
 * Per-partner drop directories {@code ${data}/partners/<id>/{in,out,done,failed}}, as an SFTP
 * server would deliver (CUSTOMS-AND-POSTAL-INTERFACES §2.4). Each file in {@code in/} goes through
 * the same ingress pass as HTTP; it moves to {@code done/} only after its messages are committed to
 * {@code gw.parse}. Interchange-level rejections move to {@code failed/} with a {@code .reason.txt}
 * (the CONTRL goes to {@code out/} through the outbox). An unexpected failure leaves the file in
 * {@code in/}, so it is read again; staging is transactional, so nothing is released twice.
 */
@Component
public class DropDirectoryRoute extends EndpointRouteBuilder {
    static final String TARGET = "clearwayTarget";

    private final Partners partners;
    private final PostalIngressService ingress;
    private final GatewayProperties properties;

    public DropDirectoryRoute(Partners partners, PostalIngressService ingress, GatewayProperties properties) {
        this.partners = partners;
        this.ingress = ingress;
        this.properties = properties;
    }

    @Override
    public void configure() throws Exception {
        for (Map.Entry<String, Partner> entry : partners.withRole(Role.POSTAL).entrySet()) {
            if (!entry.getValue().dropDirectory()) {
                continue;
            }
            String partnerId = entry.getKey();
            Path base = properties.dataDir().resolve("partners").resolve(partnerId).toAbsolutePath();
            for (String sub : new String[] {"in", "out", "done", "failed"}) {
                Files.createDirectories(base.resolve(sub));
            }
            from(file(base.resolve("in").toString())
                    .exclude("^\\..*|.*\\.tmp$")
                    .readLock("changed").readLockCheckInterval(250).readLockMinAge(250)
                    .move("../${exchangeProperty." + TARGET + "}/${file:name}")
                    .delay(500))
                    .routeId("ingress-drop-" + partnerId)
                    .process(exchange -> accept(partnerId, base, exchange));
        }
    }

    private void accept(String partnerId, Path base, Exchange exchange) throws Exception {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        IngressOutcome outcome;
        try (InputStream body = exchange.getIn().getBody(InputStream.class)) {
            outcome = ingress.submit(partnerId, body, "drop:" + name);
        }
        String reason = null;
        if (outcome instanceof IngressOutcome.Rejected r) {
            reason = r.code() + ": " + r.reason() + "\ningressId: " + r.ingressId() + "\nThe CONTRL is in out/.\n";
        } else if (outcome instanceof IngressOutcome.NotEdifact n) {
            reason = "X001: " + n.reason() + "\ningressId: " + n.ingressId() + "\n";
        } else if (outcome instanceof IngressOutcome.TooLarge t) {
            reason = "X019: larger than the limit of " + t.limit() + " bytes\ningressId: " + t.ingressId() + "\n";
        }
        if (reason == null) {
            exchange.setProperty(TARGET, "done");
        } else {
            Files.writeString(base.resolve("failed").resolve(name + ".reason.txt"), reason, StandardCharsets.UTF_8);
            exchange.setProperty(TARGET, "failed");
        }
    }
}
