package io.wizcamel.format.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the official schema files are: the copies under src/test/resources/schemas (see the README there). */
public final class Schemas {

    /** the folder with {@code ecs-8.11.0/} and {@code ocsf-1.3.0/} */
    public static final Path ROOT = Path.of("src/test/resources/schemas");
    /** the project's shared originals, beside the repository (present on developer machines and in CI) */
    public static final Path SHARED = Path.of("../shared/schemas");

    private static EcsSchema ecs;
    private static OcsfSchema ocsf;

    private Schemas() {
    }

    public static synchronized EcsSchema ecs() {
        if (ecs == null) {
            ecs = EcsSchema.load(existing(ROOT.resolve("ecs-8.11.0/ecs_flat.yml")));
        }
        return ecs;
    }

    public static synchronized OcsfSchema ocsf() {
        if (ocsf == null) {
            ocsf = OcsfSchema.load(existing(ROOT.resolve("ocsf-1.3.0")));
        }
        return ocsf;
    }

    private static Path existing(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException("schema file " + p.toAbsolutePath() + " is missing: run the tests from the "
                    + "repository's root, and restore src/test/resources/schemas from ../shared/schemas "
                    + "(see its README)");
        }
        return p;
    }
}
