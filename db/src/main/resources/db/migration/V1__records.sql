-- The records directory. Flyway applies this once per database (see SchemaMigration).

CREATE TABLE records (
    id        BIGINT PRIMARY KEY,
    name      VARCHAR(200) NOT NULL,
    email     VARCHAR(200),
    city      VARCHAR(100),
    country   VARCHAR(2),
    born      DATE,
    -- H2 cannot index an expression such as LOWER(name); a stored lower-case copy can be indexed,
    -- so a case-insensitive prefix search (name_key LIKE 'ann%') is a range scan, not a table scan.
    -- Every search, in Java and in the programs, folds case with the same SQL LOWER().
    name_key  VARCHAR(200) GENERATED ALWAYS AS (LOWER(name)),
    email_key VARCHAR(200) GENERATED ALWAYS AS (LOWER(email)),
    city_key  VARCHAR(100) GENERATED ALWAYS AS (LOWER(city))
);

-- prefix searches on each searchable field
CREATE INDEX records_name_key ON records(name_key);
CREATE INDEX records_email_key ON records(email_key);
CREATE INDEX records_city_key ON records(city_key);
-- country filter, alone or with a name prefix (the common "people called Ann* in DE" search)
CREATE INDEX records_country_name_key ON records(country, name_key);
-- birth-date ranges and sorting by birth date
CREATE INDEX records_born ON records(born);

-- One row: the seed and size the records were generated with, so a start with other settings regenerates them.
CREATE TABLE dataset (
    seed    BIGINT NOT NULL,
    records INTEGER NOT NULL
);

-- Index definitions a bulk load has dropped and not yet recreated (see SecondaryIndexes).
CREATE TABLE suspended_indexes (
    name       VARCHAR(200) PRIMARY KEY,
    definition VARCHAR(2000) NOT NULL
);
