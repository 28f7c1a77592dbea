-- Data vault: hubs hold business keys, satellites their history. ReplacingMergeTree keeps one row per key
-- (per version) when flows re-deliver the same batch.
CREATE TABLE IF NOT EXISTS hub_account
(
    account_hk  FixedString(32),
    account_id  String,
    record_src  LowCardinality(String),
    load_ts     DateTime64(3)
)
ENGINE = ReplacingMergeTree(load_ts)
ORDER BY account_hk;

CREATE TABLE IF NOT EXISTS sat_account_details
(
    account_hk  FixedString(32),
    hash_diff   FixedString(32),
    status      LowCardinality(String),
    balance     Decimal(18, 2),
    load_ts     DateTime64(3)
)
ENGINE = ReplacingMergeTree(load_ts)
ORDER BY (account_hk, hash_diff);
