CREATE TABLE accounts (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(64) NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  CONSTRAINT accounts_name_uq UNIQUE (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE environments (
  id          BIGINT AUTO_INCREMENT PRIMARY KEY,
  account_id  BIGINT NOT NULL,
  name        VARCHAR(64) NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  CONSTRAINT environments_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT environments_name_uq UNIQUE (account_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
