-- Fleet freshness per farm and day, beside the per-environment figures of freshness_snapshots: the farm page's
-- chart. Written (upserted) by the same freshness-snapshot task in the same transaction. No foreign key: a
-- deleted farm's past days stay part of its environment's history and are simply never read again.
CREATE TABLE farm_freshness_snapshots (
  day         DATE NOT NULL,
  farm_id     BIGINT NOT NULL,
  env_id      BIGINT NOT NULL,
  total       BIGINT NOT NULL,
  fresh       BIGINT NOT NULL,
  taken_at    DATETIME(6) NOT NULL,
  PRIMARY KEY (farm_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
