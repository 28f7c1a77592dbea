-- Marts: what Grafana and Metabase read (Grafana's ClickHouse data source defaults to this database).
CREATE TABLE IF NOT EXISTS daily_volume
(
    day         Date,
    source      LowCardinality(String),
    transactions UInt64,
    amount      Decimal(18, 2)
)
ENGINE = SummingMergeTree
ORDER BY (day, source);
