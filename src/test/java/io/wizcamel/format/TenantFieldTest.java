package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.format.conformance.Schemas;
import org.junit.jupiter.api.Test;

/**
 * Several tenants (docs/tenants.md): a record stamped with its tenant renders with the tenant in ECS's
 * {@code organization.id} and OCSF's {@code metadata.tenant_uid}, still valid against ECS 8.11.0 and OCSF 1.3.0; a
 * record without one (a single tenant) renders exactly as before.
 */
class TenantFieldTest {

    private static final EcsFormat ECS = new EcsFormat();
    private static final OcsfFormat OCSF = new OcsfFormat();

    @Test
    void theTenantHasItsOwnPlaceInEcsAndOcsfAndBothStayValid() {
        for (String variant : Golden.VARIANTS) {
            ObjectNode record = Golden.record(variant);
            ObjectNode before = record.deepCopy();
            String ecsBefore = ECS.render(before, Golden.context("issues"));
            record.put("tenant", "eu-prod");
            ObjectNode ecs = ECS.document(record, Golden.context("issues"));
            assertEquals(List.of(), Schemas.ecs().problems(ecs), variant);
            assertEquals("eu-prod", ecs.path("organization").path("id").asText(), variant);
            ObjectNode ocsf = OCSF.document(record, Golden.context("issues"));
            assertEquals(List.of(), Schemas.ocsf().problems(ocsf), variant);
            assertEquals("eu-prod", ocsf.path("metadata").path("tenant_uid").asText(), variant);
            // one tenant: no organization, no tenant_uid (the golden files stay as they are)
            assertFalse(ecsBefore.contains("\"organization\""), variant);
            assertFalse(OCSF.render(before, Golden.context("issues")).contains("tenant_uid"), variant);
        }
    }
}
