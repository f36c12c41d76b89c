-- Registered images the cloud no longer holds (#11), and the deregistrations still owed to the cloud: a catalog
-- delete with "also deregister" writes the intent row in its transaction; the cloud call comes after the commit,
-- and a reconciler retries what is still pending.
ALTER TABLE images
  ADD COLUMN missing_in_cloud_at     DATETIME(6) NULL,
  ADD COLUMN cloud_checked_at        DATETIME(6) NULL,
  ADD INDEX images_cloud_checked_idx (cloud_checked_at);

CREATE TABLE image_deregistrations (
  id                   BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  image_id             CHAR(36) NOT NULL,
  image_name           VARCHAR(100) NOT NULL,
  scope_level          VARCHAR(16) NOT NULL,
  scope_id             BIGINT NOT NULL,
  platform             VARCHAR(16) NOT NULL,
  cloud_location       VARCHAR(32) NOT NULL,
  cloud_image_id       VARCHAR(64) NOT NULL,
  credentials_id       BIGINT NULL,
  state                VARCHAR(16) NOT NULL,
  attempts             INT NOT NULL DEFAULT 0,
  message              VARCHAR(500) NULL,
  requested_by         VARCHAR(254) NOT NULL,
  created_at           DATETIME(6) NOT NULL,
  updated_at           DATETIME(6) NOT NULL,
  INDEX image_deregistrations_state_idx (state, updated_at),
  INDEX image_deregistrations_scope_idx (scope_level, scope_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
