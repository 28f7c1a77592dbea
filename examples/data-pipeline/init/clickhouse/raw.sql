-- Landing zone: flows append what they extract, as received; nothing here is updated in place.
CREATE TABLE IF NOT EXISTS transactions
(
    source      LowCardinality(String),
    external_id String,
    payload     String,
    loaded_at   DateTime64(3) DEFAULT now64(3)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(loaded_at)
ORDER BY (source, loaded_at);
