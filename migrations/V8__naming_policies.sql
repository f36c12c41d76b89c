CREATE TABLE naming_policies (
  scope_level  VARCHAR(16) NOT NULL,
  scope_id     BIGINT NOT NULL,
  pattern      VARCHAR(200) NOT NULL,
  updated_by   VARCHAR(254) NOT NULL,
  updated_at   DATETIME(6) NOT NULL,
  PRIMARY KEY (scope_level, scope_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
