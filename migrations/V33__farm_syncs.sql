-- The last inventory sync of each farm: when it ran, what it found in the bound scaling groups and what failed
-- (one line per farm role that could not be read, and instances whose image is not registered), shown on the farm
-- page. One row per farm, replaced by every sync.
CREATE TABLE farm_syncs (
  farm_id       BIGINT PRIMARY KEY,
  started_at    DATETIME(6) NOT NULL,
  finished_at   DATETIME(6) NOT NULL,
  instances     INT NOT NULL,
  added         INT NOT NULL,
  gone          INT NOT NULL,
  failures      TEXT NULL,
  CONSTRAINT farm_syncs_farm_fk FOREIGN KEY (farm_id) REFERENCES farms (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
