-- The workbook's settings: who is writing (recorded in revisions), the
-- text shown where an answer is still owed, and how many clear working
-- days answers are due before a meeting. One row per setting.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
