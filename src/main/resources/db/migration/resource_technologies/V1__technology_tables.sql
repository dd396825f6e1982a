-- The technologies of each resource (io.wizcamel.stream.resources.ResourceTechnologies); shared by both backends.
CREATE TABLE IF NOT EXISTS hosted (resource_id TEXT, technology_id TEXT, name TEXT, category TEXT,
    PRIMARY KEY (resource_id, technology_id))${without_rowid};
CREATE TABLE IF NOT EXISTS refreshed (id INTEGER PRIMARY KEY CHECK (id = 1), watermark TEXT);
