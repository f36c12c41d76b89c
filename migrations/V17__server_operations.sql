-- Long-running server operations of an environment ("replace servers": terminate the servers of one
-- farm, farm role or old image in batches, and let the scaler bring replacements up on the current image).
CREATE TABLE server_operations (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  env_id         BIGINT NOT NULL,
  kind           VARCHAR(32) NOT NULL,
  farm_id        BIGINT NULL,
  farm_role_id   BIGINT NULL,
  image_id       CHAR(36) NULL,
  target_name    VARCHAR(255) NOT NULL,
  batch_size     INT NOT NULL,
  pause_seconds  INT NOT NULL,
  status         VARCHAR(16) NOT NULL,
  total          INT NOT NULL,
  replaced       INT NOT NULL DEFAULT 0,
  message        VARCHAR(1000) NOT NULL DEFAULT '',
  created_by     VARCHAR(254) NOT NULL,
  created_at     DATETIME(6) NOT NULL,
  updated_at     DATETIME(6) NOT NULL,
  last_batch_at  DATETIME(6) NULL,
  finished_at    DATETIME(6) NULL,
  CONSTRAINT server_operations_env_fk FOREIGN KEY (env_id) REFERENCES environments (id),
  CONSTRAINT server_operations_one_target CHECK (
    (farm_id IS NOT NULL) + (farm_role_id IS NOT NULL) + (image_id IS NOT NULL) = 1),
  INDEX server_operations_env_idx (env_id, id),
  INDEX server_operations_status_idx (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
