-- Fleet freshness per environment and day: how many active servers, and how many of them run their role's
-- current image. Written (upserted) by the freshness-snapshot task; account and Global series are sums.
CREATE TABLE freshness_snapshots (
  day         DATE NOT NULL,
  env_id      BIGINT NOT NULL,
  account_id  BIGINT NOT NULL,
  total       BIGINT NOT NULL,
  fresh       BIGINT NOT NULL,
  taken_at    DATETIME(6) NOT NULL,
  PRIMARY KEY (env_id, day),
  INDEX freshness_snapshots_account_day_idx (account_id, day),
  INDEX freshness_snapshots_day_idx (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
