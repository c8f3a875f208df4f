"""The peer's own table (no Django import: the bench process creates it before the peer starts)."""


DRAFTS_TABLE = "bench_peer_drafts"  # the peer's own table: the whole form's JSON, one row per order
CREATE_DRAFTS = f"CREATE TABLE IF NOT EXISTS {DRAFTS_TABLE} (order_id INTEGER PRIMARY KEY, draft TEXT NOT NULL)"
UPSERT_DRAFT = (
    f"INSERT INTO {DRAFTS_TABLE} (order_id, draft) VALUES (%s, %s) "
    "ON CONFLICT (order_id) DO UPDATE SET draft = excluded.draft"
)
