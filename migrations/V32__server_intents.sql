-- No cloud call inside a transaction holding locks: a launch or a termination is first recorded as an intent on
-- the server's row and committed, then made in the cloud, then its outcome recorded. A launch intent is a PENDING
-- server without an instance id yet. intent_claim is the token of the node carrying the intent out and
-- intent_claimed_at its lease: the reconciler finishes intents whose lease ran out (the node crashed or hung
-- between commit and call), claiming each with a conditional UPDATE so no two nodes act on one. failure keeps the
-- cloud's reason when a launch or termination failed.
ALTER TABLE servers
  MODIFY cloud_instance_id VARCHAR(64) NULL,
  ADD COLUMN intent             VARCHAR(16) NULL,
  ADD COLUMN intent_claim       CHAR(36) NULL,
  ADD COLUMN intent_claimed_at  DATETIME(6) NULL,
  ADD COLUMN intent_attempts    INT NOT NULL DEFAULT 0,
  ADD COLUMN failure            VARCHAR(1000) NULL,
  ADD INDEX servers_intent_idx (intent, intent_claimed_at);
