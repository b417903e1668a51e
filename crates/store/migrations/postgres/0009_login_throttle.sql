-- Failed logins are counted per (account, address) pair, per account from
-- anywhere (login, '*') and per address for any account ('*', address).
-- An attempt claims its row before the password is checked, by a compare
-- and swap on `failures`, so parallel guesses cannot all be checked.
CREATE TABLE login_throttle (
    login TEXT NOT NULL,
    address TEXT NOT NULL,
    failures BIGINT NOT NULL DEFAULT 0,
    not_before BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (login, address)
);

DROP TABLE login_attempts;
