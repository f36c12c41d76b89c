-- A replace-everywhere run: enough to show it in the history and to roll it back exactly. Image names are
-- kept as they were, so the history stays readable after an image is renamed or deleted.
CREATE TABLE replacements (
  id                          BIGINT AUTO_INCREMENT PRIMARY KEY,
  scope_level                 VARCHAR(16) NOT NULL,
  scope_id                    BIGINT NOT NULL,
  account_id                  BIGINT NULL,
  platform                    VARCHAR(16) NOT NULL,
  cloud_location              VARCHAR(32) NOT NULL,
  old_image_id                CHAR(36) NOT NULL,
  old_image_name              VARCHAR(100) NOT NULL,
  new_image_id                CHAR(36) NOT NULL,
  new_image_name              VARCHAR(100) NOT NULL,
  created_by                  VARCHAR(254) NOT NULL,
  created_at                  DATETIME(6) NOT NULL,
  deprecated_old              BOOLEAN NOT NULL,
  old_was_deprecated          BOOLEAN NOT NULL,
  old_deprecation_reason      VARCHAR(500) NULL,
  old_deprecated_at           DATETIME(6) NULL,
  old_replacement_image_id    CHAR(36) NULL,
  old_deprecation_due_at      DATETIME(6) NULL,
  rolled_back_by              VARCHAR(254) NULL,
  rolled_back_at              DATETIME(6) NULL,
  INDEX replacements_scope_idx (scope_level, scope_id, id),
  INDEX replacements_account_idx (account_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
