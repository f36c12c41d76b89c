CREATE TABLE users (
  id             BIGINT AUTO_INCREMENT PRIMARY KEY,
  email          VARCHAR(254) NOT NULL,
  name           VARCHAR(100) NOT NULL,
  kind           VARCHAR(16) NOT NULL,
  password_hash  VARCHAR(100) NULL,
  disabled       BOOLEAN NOT NULL DEFAULT FALSE,
  created_at     DATETIME(6) NOT NULL,
  CONSTRAINT users_email_uq UNIQUE (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE grants (
  id           BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id      BIGINT NOT NULL,
  scope_level  VARCHAR(16) NOT NULL,
  scope_id     BIGINT NOT NULL,
  role         VARCHAR(16) NOT NULL,
  CONSTRAINT grants_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT grants_scope_uq UNIQUE (user_id, scope_level, scope_id),
  INDEX grants_scope_idx (scope_level, scope_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
