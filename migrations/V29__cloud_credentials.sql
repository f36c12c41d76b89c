-- Cloud credentials of an account (usable by its environments) or of one environment. The secret is sealed with
-- the app's secret key (AES-256-GCM, see core.Secrets); only its last 4 characters are kept in clear, to show
-- which secret is stored. default_regions is a comma-separated list of the platform's regions.
CREATE TABLE cloud_credentials (
  id               BIGINT AUTO_INCREMENT PRIMARY KEY,
  scope_level      VARCHAR(16) NOT NULL,
  scope_id         BIGINT NOT NULL,
  account_id       BIGINT NOT NULL,
  name             VARCHAR(64) NOT NULL,
  platform         VARCHAR(16) NOT NULL,
  access_key_id    VARCHAR(128) NOT NULL,
  secret_sealed    VARCHAR(512) NOT NULL,
  secret_last4     CHAR(4) NOT NULL,
  role_arn         VARCHAR(600) NULL,
  endpoint         VARCHAR(512) NULL,
  default_regions  VARCHAR(1024) NOT NULL DEFAULT '',
  created_by       VARCHAR(254) NOT NULL,
  created_at       DATETIME(6) NOT NULL,
  updated_at       DATETIME(6) NOT NULL,
  CONSTRAINT cloud_credentials_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  -- Two writers of one name: the second insert fails on this key, which becomes a 409.
  CONSTRAINT cloud_credentials_name_uq UNIQUE (scope_level, scope_id, name),
  INDEX cloud_credentials_account_idx (account_id, platform)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
