-- The cooperation database. Documented column by column in docs/schema.md.
CREATE SEQUENCE IF NOT EXISTS report_ids START 1;

CREATE TABLE IF NOT EXISTS reports (
    report_id        INTEGER PRIMARY KEY,
    file_name        VARCHAR NOT NULL,
    sha256           VARCHAR NOT NULL,
    format           VARCHAR NOT NULL,      -- 'xlsx' | 'docx'
    template         VARCHAR NOT NULL,      -- 'agreements' | 'roadmap' | 'other'
    title            VARCHAR NOT NULL,
    period_start     DATE,
    period_end       DATE,
    period_kind      VARCHAR,               -- 'quarter' | 'half' | 'months' | 'year' | 'range'
    home_region_code VARCHAR,               -- the reporting region, detected from the document
    loaded_at        TIMESTAMP NOT NULL,
    rows_source      INTEGER NOT NULL,      -- every row of every table/sheet read
    rows_event       INTEGER NOT NULL,
    rows_heading     INTEGER NOT NULL,
    rows_header      INTEGER NOT NULL,      -- title lines, header rows, column-number rows
    rows_total       INTEGER NOT NULL,
    rows_blank       INTEGER NOT NULL,
    rows_reject      INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id            BIGINT PRIMARY KEY,
    report_id           INTEGER NOT NULL,
    row_no              INTEGER NOT NULL,
    item_no             VARCHAR,
    department          VARCHAR,
    agreement_text      VARCHAR,
    name                VARCHAR NOT NULL,
    dates_text          VARCHAR,
    place_text          VARCHAR,
    participants_text   VARCHAR,
    result_text         VARCHAR,
    extra_text          VARCHAR,            -- other columns ("Примечание: …"), one per line
    source_ref          VARCHAR NOT NULL,
    -- parsed fields
    date_start          DATE,
    date_end            DATE,
    date_precision      VARCHAR,            -- 'day' | 'month' | 'quarter' | 'half' | 'year' | 'period'
    ongoing             BOOLEAN NOT NULL DEFAULT FALSE,
    quarter             VARCHAR,            -- '2021-Q2'; NULL = whole period / unknown
    participants_total  INTEGER,
    participants_qualifier VARCHAR,         -- 'exact' | 'approx' | 'at_least'
    regions_count       INTEGER,
    delegation_size     INTEGER,
    city                VARCHAR,
    place_region_code   VARCHAR,
    format              VARCHAR,            -- 'online' | 'offline' | 'hybrid'
    event_type          VARCHAR,
    event_key           VARCHAR,            -- same value for the same event reported twice
    duplicate_of        BIGINT,             -- the earlier-loaded twin, if any
    partner_codes       VARCHAR[],          -- the event_partners codes as a list (fast grouping by region)
    partner_list        VARCHAR             -- the same codes as one string '|KOS|SPE|' (fast filtering by region)
);

CREATE TABLE IF NOT EXISTS event_partners (
    event_id    BIGINT NOT NULL,
    region_code VARCHAR NOT NULL,
    region_name VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_mentioned_regions (
    event_id    BIGINT NOT NULL,
    region_code VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_countries (
    event_id BIGINT NOT NULL,
    country  VARCHAR NOT NULL,              -- a foreign country (not a federal subject), canonical Russian name
    source   VARCHAR NOT NULL               -- 'agreement' | 'participants' | 'place'
);

CREATE TABLE IF NOT EXISTS agreements (
    agreement_id  INTEGER PRIMARY KEY,
    kind          VARCHAR NOT NULL,         -- 'agreement' | 'roadmap'
    title         VARCHAR NOT NULL,         -- the first spelling seen
    norm_key      VARCHAR NOT NULL,
    partner_codes VARCHAR[] NOT NULL
);

-- Every distinct agreement cell split into the agreements it names (a derived cache: rebuilt from
-- events.agreement_text, so a build parses only the cells it has not seen before).
CREATE TABLE IF NOT EXISTS agreement_cells (
    agreement_text   VARCHAR NOT NULL,
    home_region_code VARCHAR,
    part_no          INTEGER NOT NULL,
    part             VARCHAR NOT NULL,
    partner_codes    VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS event_agreements (
    event_id     BIGINT NOT NULL,
    agreement_id INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS rejects (
    report_id  INTEGER NOT NULL,
    file_name  VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    raw_text   VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS parse_issues (
    event_id BIGINT NOT NULL,
    field    VARCHAR NOT NULL,
    raw_text VARCHAR,
    reason   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS regions (
    region_code      VARCHAR PRIMARY KEY,
    name_ru          VARCHAR NOT NULL,
    name_en          VARCHAR NOT NULL,
    federal_district VARCHAR NOT NULL,
    admin_center     VARCHAR NOT NULL,
    lat              DOUBLE,
    lon              DOUBLE
);

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- What the table reader detected in each report, column by column (documented in docs/schema.md).
CREATE TABLE IF NOT EXISTS report_columns (
    report_id   INTEGER NOT NULL,
    col_no      INTEGER NOT NULL,           -- 1-based position of the source column
    header_text VARCHAR NOT NULL,           -- the header as written (two-row headers: group and sub-header)
    field       VARCHAR,                    -- the field it was given; NULL = an extra column (kept in extra_text)
    basis       VARCHAR NOT NULL,           -- 'header' | 'header_content' | 'content' | 'none'
    confidence  DOUBLE NOT NULL,            -- 0..1
    reason      VARCHAR NOT NULL            -- why, in words (keyword, share of cells that confirmed it)
);

-- How sure the loader is about each report (documented in docs/schema.md).
CREATE TABLE IF NOT EXISTS report_health (
    report_id         INTEGER NOT NULL,
    events            INTEGER NOT NULL,
    with_partner      INTEGER NOT NULL,     -- events with at least one partner region
    with_date         INTEGER NOT NULL,     -- events with a parsed date (or "в течение периода")
    with_place        INTEGER NOT NULL,     -- events with a parsed city / place region, or online
    template_known    BOOLEAN NOT NULL,     -- template is 'agreements' or 'roadmap'
    columns_missing   VARCHAR[] NOT NULL,   -- required columns not found: 'partner', 'dates'
    layout_confidence DOUBLE,               -- the least sure key column, 0..1 (NULL: loaded before version 3)
    problems          VARCHAR[] NOT NULL,   -- 'no_partner' | 'no_partner_column' | 'no_dates_column' | 'low_confidence' | 'no_events' | 'out_of_period'
    warning           VARCHAR               -- the ВНИМАНИЕ line the loader printed; NULL = healthy
);

-- Text search (loaders/search_index.py, docs/schema.md "Text search"): the lemmas of every word of an
-- event's texts. Derived: kept in step with `events` by every build and migrate.
CREATE TABLE IF NOT EXISTS search_lemmas (
    word  VARCHAR NOT NULL,                 -- a word as written, lower case, ё → е
    lemma VARCHAR NOT NULL                  -- one of its dictionary forms (pymorphy3), ё → е
);

CREATE TABLE IF NOT EXISTS event_terms (
    term     VARCHAR NOT NULL,              -- a lemma of a word of the event's texts
    event_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS search_indexed (
    report_id INTEGER NOT NULL              -- a report whose events are in event_terms
);

-- Every load of report files (dashboard upload or command line): who, when, which file, what it replaced.
CREATE TABLE IF NOT EXISTS uploads (
    uploaded_at   TIMESTAMP NOT NULL,
    uploaded_by   VARCHAR NOT NULL,         -- the verified e-mail; 'local:<os user>' (upload without login); 'cli:<os user>'
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    report_id     INTEGER NOT NULL,         -- the report it was written as
    status        VARCHAR NOT NULL,         -- 'new' | 'corrected' | 'unchanged'
    replaced      VARCHAR,                  -- file name(s) of the report(s) it replaced
    events_before INTEGER,                  -- events of the replaced report(s)
    events_after  INTEGER NOT NULL
);
