-- The records database of the procgate showcase. Runs at every start, so every statement must be
-- idempotent. Statements end with a semicolon at the end of a line; lines starting with -- are comments.

CREATE TABLE IF NOT EXISTS records (
    id      BIGINT PRIMARY KEY,
    name    VARCHAR(200) NOT NULL,
    email   VARCHAR(200),
    city    VARCHAR(100),
    country VARCHAR(2),
    born    DATE
);

-- H2 cannot index an expression such as LOWER(name), and LIKE '%x%' scans in any case;
-- these serve exact and prefix searches on name and filters by country.
CREATE INDEX IF NOT EXISTS records_name ON records(name);
CREATE INDEX IF NOT EXISTS records_country ON records(country);

-- One row: the seed and size the records were generated with, so a start with other settings regenerates them.
CREATE TABLE IF NOT EXISTS dataset (
    seed    BIGINT NOT NULL,
    records INTEGER NOT NULL
);
