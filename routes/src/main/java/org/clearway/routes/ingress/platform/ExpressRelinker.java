package org.clearway.routes.ingress.platform;

import org.clearway.routes.ingress.express.ExpressService;
import org.springframework.stereotype.Component;

/**
 * Re-stages the express shipments of a parcel whose order data arrived late (PARTNER-APIS §7.2),
 * and those whose fused order was cancelled.
 */
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

    @Override
    public void orderChanged(String platformId, String orderId, String reason) {
        express.restageForOrderHint(platformId, orderId, reason);
    }

    @Override
    public boolean orderRelinked(String declarationId, String platformId, String orderId) {
        return express.withdrawIfOrderUnlinked(declarationId, platformId, orderId);
    }

    @Override
    public boolean orderWithdrawn(String declarationId, String platformId, String orderId) {
        return express.restageWithoutOrder(declarationId, platformId, orderId);
    }
}
