-- Schema v11: named, saved import profiles (the portfolio file's
-- `sources:`, `import metrics --source NAME`). A source is kept as the
-- JSON of model.ImportSource, so export writes back what apply read.
CREATE TABLE import_sources (
    name TEXT PRIMARY KEY,
    spec TEXT NOT NULL
);
