CREATE TABLE roles (
  id                   BIGINT AUTO_INCREMENT PRIMARY KEY,
  scope_level          VARCHAR(16) NOT NULL,
  scope_id             BIGINT NOT NULL,
  account_id           BIGINT NULL,
  name                 VARCHAR(100) NOT NULL,
  os_family            VARCHAR(32) NOT NULL,
  category             VARCHAR(50) NOT NULL DEFAULT '',
  description          VARCHAR(1000) NOT NULL DEFAULT '',
  deprecated           BOOLEAN NOT NULL DEFAULT FALSE,
  deprecated_at        DATETIME(6) NULL,
  replacement_role_id  BIGINT NULL,
  created_by           VARCHAR(254) NOT NULL,
  created_at           DATETIME(6) NOT NULL,
  INDEX roles_scope_name_idx (scope_level, scope_id, name),
  INDEX roles_name_idx (name),
  INDEX roles_account_idx (account_id),
  INDEX roles_replacement_idx (replacement_role_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
