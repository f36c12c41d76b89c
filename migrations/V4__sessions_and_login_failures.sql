CREATE TABLE sessions (
  token_hash   CHAR(64) PRIMARY KEY,
  user_id      BIGINT NOT NULL,
  csrf_token   VARCHAR(64) NOT NULL,
  created_at   DATETIME(6) NOT NULL,
  expires_at   DATETIME(6) NOT NULL,
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  INDEX sessions_expiry_idx (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE login_failures (
  id         BIGINT AUTO_INCREMENT PRIMARY KEY,
  email      VARCHAR(254) NOT NULL,
  client     VARCHAR(64) NOT NULL,
  failed_at  DATETIME(6) NOT NULL,
  INDEX login_failures_email_idx (email, failed_at),
  INDEX login_failures_client_idx (client, failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
