-- Signatures of signed API requests that changed something, kept while their date is still accepted
-- (300 s either way), so a captured request cannot be replayed. Rows past expires_at are purged.
CREATE TABLE seen_signatures (
    digest     CHAR(64)    NOT NULL PRIMARY KEY,
    expires_at DATETIME(6) NOT NULL,
    KEY seen_signatures_expiry (expires_at)
) ENGINE = InnoDB;
