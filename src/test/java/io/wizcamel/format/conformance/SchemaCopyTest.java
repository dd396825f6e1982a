package io.wizcamel.format.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The test copies of the schemas are the project's shared ones, byte for byte, where those are beside the repo. */
class SchemaCopyTest {

    @Test
    void copiesEqualTheSharedSchemas() throws Exception {
        assumeTrue(Files.isDirectory(Schemas.SHARED), "no ../shared/schemas beside the repository");
        List<Path> copies;
        try (Stream<Path> walk = Files.walk(Schemas.ROOT)) {
            copies = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("README.md"))
                    .toList();
        }
        assertTrue(copies.size() > 200, "the copies are there: " + copies.size());
        for (Path copy : copies) {
            Path shared = Schemas.SHARED.resolve(Schemas.ROOT.relativize(copy));
            assertTrue(Files.isRegularFile(shared), shared + " is no longer in the shared schemas");
            assertArrayEquals(Files.readAllBytes(shared), Files.readAllBytes(copy), copy + " differs from " + shared);
        }
    }
}
