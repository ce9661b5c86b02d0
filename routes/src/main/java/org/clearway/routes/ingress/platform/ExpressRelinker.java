package org.clearway.routes.ingress.platform;

import org.clearway.routes.ingress.express.ExpressService;
import org.springframework.stereotype.Component;

/** Re-stages the express shipments of a parcel whose order data arrived late (PARTNER-APIS §7.2). */
@Component
class ExpressRelinker implements TransportRelinker {
    private final ExpressService express;

    ExpressRelinker(ExpressService express) {
        this.express = express;
    }

    @Override
    public void parcelChanged(String carrierCode, String trackingNorm, String reason) {
        express.restageForOrderData(carrierCode, trackingNorm, reason);
    }
}
