-- Data-quality results: one row per check and run; the flows also push the failures to Pushgateway.
CREATE TABLE IF NOT EXISTS check_results
(
    run_id      String,
    check_name  LowCardinality(String),
    target      String,
    passed      Bool,
    failed_rows UInt64,
    checked_at  DateTime64(3) DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (check_name, checked_at);
