CREATE TABLE farms (
  id            BIGINT AUTO_INCREMENT PRIMARY KEY,
  env_id        BIGINT NOT NULL,
  account_id    BIGINT NOT NULL,
  name          VARCHAR(100) NOT NULL,
  description   VARCHAR(1000) NOT NULL DEFAULT '',
  owner_id      BIGINT NULL,
  status        VARCHAR(16) NOT NULL,
  created_by    VARCHAR(254) NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  CONSTRAINT farms_env_fk FOREIGN KEY (env_id) REFERENCES environments (id),
  CONSTRAINT farms_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT farms_name_uq UNIQUE (env_id, name),
  INDEX farms_account_idx (account_id),
  INDEX farms_owner_idx (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE farm_roles (
  id              BIGINT AUTO_INCREMENT PRIMARY KEY,
  farm_id         BIGINT NOT NULL,
  role_id         BIGINT NOT NULL,
  alias           VARCHAR(100) NOT NULL,
  platform        VARCHAR(16) NOT NULL,
  cloud_location  VARCHAR(32) NOT NULL,
  min_servers     INT NOT NULL,
  max_servers     INT NOT NULL,
  created_at      DATETIME(6) NOT NULL,
  CONSTRAINT farm_roles_farm_fk FOREIGN KEY (farm_id) REFERENCES farms (id),
  CONSTRAINT farm_roles_role_fk FOREIGN KEY (role_id) REFERENCES roles (id),
  CONSTRAINT farm_roles_alias_uq UNIQUE (farm_id, alias),
  INDEX farm_roles_role_idx (role_id, platform, cloud_location)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
