package org.clearway.routes.sign;

import java.util.List;
import org.clearway.mappings.customs.CustomsFormat;
import org.clearway.mappings.customs.CustomsFormats;
import org.clearway.routes.support.GatewayProperties;
import org.clearway.routes.support.Partners;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The customs formats of this gateway: the built-in canonical JSON and XML forms plus every
 * {@link CustomsFormat} bean (an ICS2 or H7 writer plugs in as one). Each customs backend's
 * {@code customs.format} must name one of them: a gateway with an unknown name does not start.
 */
@Configuration(proxyBeanMethods = false)
public class CustomsFormatConfig {

    @Bean
    CustomsFormats customsFormats(List<CustomsFormat> added, Partners partners) {
        CustomsFormats formats = new CustomsFormats(added);
        partners.all().forEach((partnerId, partner) -> {
            if (partner.role() == GatewayProperties.Role.CUSTOMS && partner.customs() != null) {
                try {
                    formats.get(partner.customs().format());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("clearway.partners." + partnerId + ".customs.format: " + e.getMessage(), e);
                }
            }
        });
        return formats;
    }
}
