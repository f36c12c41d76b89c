-- What the cloud says about a registered image (#11): its state (a copy is pending until the cloud finishes it),
-- when and by whom it was created there, the scope whose credentials reach it (kept when the image is promoted)
-- and the stored credentials named at registration, the image it was copied from, and mirroring its deprecation
-- into the cloud (pending until done, then the outcome).
ALTER TABLE images
  ADD COLUMN cloud_state             VARCHAR(16) NOT NULL DEFAULT 'available',
  ADD COLUMN cloud_state_message     VARCHAR(500) NULL,
  ADD COLUMN cloud_created_at        DATETIME(6) NULL,
  ADD COLUMN cloud_owner_id          VARCHAR(64) NULL,
  ADD COLUMN cloud_scope_level       VARCHAR(16) NULL,
  ADD COLUMN cloud_scope_id          BIGINT NULL,
  ADD COLUMN cloud_credentials_id    BIGINT NULL,
  ADD COLUMN copied_from_image_id    CHAR(36) NULL,
  ADD COLUMN cloud_deprecation_pending BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN cloud_deprecation_note  VARCHAR(500) NULL,
  ADD INDEX images_cloud_state_idx (cloud_state),
  ADD INDEX images_cloud_deprecation_idx (cloud_deprecation_pending);
