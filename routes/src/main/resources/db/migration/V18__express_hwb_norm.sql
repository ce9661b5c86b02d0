-- The platform side finds a parcel's express shipments by the normalised house waybill (PARTNER-APIS
-- §7.1: upper case, no spaces or hyphens) after every order commit; an indexed column instead of an
-- expression over every row of the partner.
alter table express_shipment add column house_waybill_norm varchar(35);
update express_shipment set house_waybill_norm = replace(replace(upper(house_waybill), '-', ''), ' ', '');
create index ix_express_hwb_norm on express_shipment (partner_id, house_waybill_norm);
