-- Every Wiz id a person was seen under (io.wizcamel.stream.identity.PrincipalIds); shared by both backends.
CREATE TABLE IF NOT EXISTS principal_ids (email TEXT NOT NULL, id TEXT NOT NULL, seen_in TEXT NOT NULL,
    PRIMARY KEY (email, id));
