"""The schema the migrations build, as SQL, for creating a new database without Alembic.

Importing Alembic (with Mako and Pygments, which it pulls in) costs ~90 ms and ~10 MB, paid on
the very first start only to create four tables. A new, empty database is created from these
statements instead, in one transaction, stamped with the revision they match; every existing
database still goes through Alembic. tests/core/test_head_schema.py checks that this is exactly
what the migrations produce; after adding a migration, paste what that test prints here.
"""

SCHEMA_REVISION = "0003"

HEAD_SCHEMA: tuple[str, ...] = (
    (
        "CREATE TABLE alembic_version (\n"
        "\tversion_num VARCHAR(32) NOT NULL, \n"
        "\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
        ")"
    ),
    (
        "CREATE TABLE cards (\n"
        "\tquestion_id INTEGER NOT NULL, \n"
        "\tphase INTEGER DEFAULT '0' NOT NULL, \n"
        "\tstep INTEGER, \n"
        "\tstability FLOAT, \n"
        "\tdifficulty FLOAT, \n"
        "\tdue DATETIME, \n"
        "\tlast_review DATETIME, \n"
        "\treps INTEGER DEFAULT '0' NOT NULL, \n"
        "\tlapses INTEGER DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (question_id)\n"
        ")"
    ),
    "CREATE INDEX ix_cards_due ON cards (due)",
    (
        "CREATE TABLE reviews (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tquestion_id INTEGER NOT NULL, \n"
        "\treviewed_at DATETIME NOT NULL, \n"
        "\trating INTEGER NOT NULL, \n"
        "\tduration_ms INTEGER DEFAULT '0' NOT NULL, \n"
        "\tmode VARCHAR(16) DEFAULT 'normal' NOT NULL, \n"
        "\ttyped_answer TEXT, \n"
        "\tticked VARCHAR(64) DEFAULT '' NOT NULL, \n"
        "\tsuggested VARCHAR(64) DEFAULT '' NOT NULL, uid VARCHAR(32), transcript TEXT, "
        "delivery TEXT, audio VARCHAR(64), origin VARCHAR(32), seq INTEGER, \n"
        "\tPRIMARY KEY (id)\n"
        ")"
    ),
    "CREATE INDEX ix_reviews_reviewed_at ON reviews (reviewed_at)",
    "CREATE INDEX ix_reviews_question_time ON reviews (question_id, reviewed_at)",
    (
        "CREATE TABLE annotations (\n"
        "\tquestion_id INTEGER NOT NULL, \n"
        "\tstarred BOOLEAN DEFAULT 0 NOT NULL, \n"
        "\tnote TEXT DEFAULT '' NOT NULL, \n"
        "\tupdated_at DATETIME NOT NULL, \n"
        "\tPRIMARY KEY (question_id)\n"
        ")"
    ),
    (
        "CREATE TABLE settings (\n"
        '\t"key" VARCHAR(64) NOT NULL, \n'
        "\tvalue TEXT NOT NULL, \n"
        '\tPRIMARY KEY ("key")\n'
        ")"
    ),
    "CREATE UNIQUE INDEX ix_reviews_uid ON reviews (uid)",
    (
        "CREATE TABLE sync_tombstones (\n"
        "\tuid VARCHAR(32) NOT NULL, \n"
        "\tundone_at DATETIME NOT NULL, \n"
        "\tsent BOOLEAN DEFAULT '0' NOT NULL, \n"
        "\tPRIMARY KEY (uid)\n"
        ")"
    ),
    (
        "CREATE TABLE sync_versions (\n"
        '\t"key" VARCHAR(80) NOT NULL, \n'
        "\tat DATETIME NOT NULL, \n"
        "\tdevice VARCHAR(32) DEFAULT '' NOT NULL, \n"
        "\tbase VARCHAR(16) DEFAULT '' NOT NULL, \n"
        "\tsent BOOLEAN DEFAULT '0' NOT NULL, \n"
        '\tPRIMARY KEY ("key")\n'
        ")"
    ),
    (
        "CREATE TABLE note_conflicts (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tquestion_id INTEGER NOT NULL, \n"
        "\ttext TEXT NOT NULL, \n"
        "\tat DATETIME NOT NULL, \n"
        "\tdevice_name VARCHAR(80) DEFAULT '' NOT NULL, \n"
        "\tPRIMARY KEY (id)\n"
        ")"
    ),
    "CREATE INDEX ix_note_conflicts_question_id ON note_conflicts (question_id)",
    (
        "CREATE TABLE sync_cursors (\n"
        "\tdevice VARCHAR(32) NOT NULL, \n"
        "\tsegment INTEGER DEFAULT '0' NOT NULL, \n"
        "\t\"offset\" INTEGER DEFAULT '0' NOT NULL, \n"
        "\tname VARCHAR(80) DEFAULT '' NOT NULL, \n"
        "\tseen_at DATETIME, \n"
        "\tPRIMARY KEY (device)\n"
        ")"
    ),
)
