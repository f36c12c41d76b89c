-- A farm role on a real cloud is bound to an existing scaling group (AWS Auto Scaling group name, Alibaba ESS
-- scaling group id), optionally with the stored cloud credentials it acts with (no foreign key: credentials belong
-- to another feature and a deleted one makes the farm role fail with a clear message, not vanish).
-- The image-sync columns say whether the group's launch configuration carries the role's current image for the
-- farm role's location: pending (a change waits to be written into the cloud, target = the cloud image id),
-- applied, or failed with the cause. image_sync_version grows with every change, so an outcome is recorded only
-- for the change it applied (a newer change wins); claimed_at is the lease of the node applying it, next_at the
-- earliest retry after a failure.
ALTER TABLE farm_roles
  ADD COLUMN scaling_group_id          VARCHAR(255) NULL,
  ADD COLUMN cloud_credentials_id      BIGINT NULL,
  ADD COLUMN image_sync_status         VARCHAR(16) NULL,
  ADD COLUMN image_sync_target         VARCHAR(64) NULL,
  ADD COLUMN image_sync_message        VARCHAR(1000) NULL,
  ADD COLUMN image_sync_attempts       INT NOT NULL DEFAULT 0,
  ADD COLUMN image_sync_version        BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN image_sync_claimed_at     DATETIME(6) NULL,
  ADD COLUMN image_sync_next_at        DATETIME(6) NULL,
  ADD COLUMN image_sync_updated_at     DATETIME(6) NULL,
  ADD INDEX farm_roles_image_sync_idx (image_sync_status, image_sync_next_at);
