-- Replaced by login_throttle; every failure stays in the audit log as login.failure.
DROP TABLE login_failures;
