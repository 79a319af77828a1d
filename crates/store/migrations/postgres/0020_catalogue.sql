-- The shop's catalogue as its platform feeds it: each variant of a
-- product with its SKU, attributes (size, colour…), price and stock. A
-- size or colour change picks one of these.
CREATE TABLE product_variants (
    sku TEXT PRIMARY KEY,
    product TEXT NOT NULL,
    attributes TEXT NOT NULL,
    price_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    stock BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX product_variants_product ON product_variants (product);
