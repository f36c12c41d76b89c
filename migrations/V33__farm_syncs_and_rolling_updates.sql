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

-- Replacing the servers of a farm role bound to a scaling group uses the cloud's rolling mechanism (ASG instance
-- refresh, ESS rolling update) keeping min_healthy_percent of the group in service. Each group a server operation
-- replaces is one row: recorded PENDING with the operation (the intent), then started in the cloud after the commit
-- (update_id), polled by the operation driver until it ends. claimed_at is the lease of the node starting it.
ALTER TABLE server_operations ADD COLUMN min_healthy_percent INT NOT NULL DEFAULT 90;

CREATE TABLE server_operation_updates (
  operation_id      BIGINT NOT NULL,
  farm_role_id      BIGINT NOT NULL,
  scaling_group_id  VARCHAR(255) NOT NULL,
  servers           INT NOT NULL,
  update_id         VARCHAR(255) NULL,
  status            VARCHAR(16) NOT NULL,
  percent           INT NOT NULL DEFAULT 0,
  message           VARCHAR(1000) NULL,
  claimed_at        DATETIME(6) NULL,
  PRIMARY KEY (operation_id, farm_role_id),
  CONSTRAINT server_operation_updates_op_fk FOREIGN KEY (operation_id) REFERENCES server_operations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
