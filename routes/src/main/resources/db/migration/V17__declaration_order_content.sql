-- Which content of each order a declaration was last fused with (issue 6: no doubled merge). The
-- platform side re-stages a consignment for late order data only when the declaration does not
-- already carry this content of the order.
alter table declaration_order add column order_sha256 varchar(64);
