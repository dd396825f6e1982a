package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.format.conformance.CefSpec;
import io.wizcamel.format.conformance.Rfc5424Spec;
import io.wizcamel.format.conformance.Schemas;
import org.junit.jupiter.api.Test;

/**
 * Several tenants (docs/tenants.md): a record stamped with its tenant renders with the tenant in ECS's
 * {@code organization.id}, OCSF's {@code metadata.tenant_uid}, CEF's {@code deviceExternalId} and RFC 5424's
 * {@code tenant}, still valid against ECS 8.11.0, OCSF 1.3.0, CEF and RFC 5424; a record without one (a single
 * tenant) renders without them.
 */
class TenantFieldTest {

    private static final EcsFormat ECS = new EcsFormat();
    private static final OcsfFormat OCSF = new OcsfFormat();
    private static final CefFormat CEF = new CefFormat();
    private static final Rfc5424Format SYSLOG = new Rfc5424Format();

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
            String cef = CEF.render(record, Golden.context("issues"));
            assertEquals(List.of(), CefSpec.problems(cef), cef);
            assertTrue(cef.contains(" deviceExternalId=eu-prod"), cef);
            byte[] syslog = SYSLOG.render(record, Golden.context("issues")).getBytes(StandardCharsets.UTF_8);
            assertEquals(List.of(), Rfc5424Spec.problems(syslog));
            assertEquals("eu-prod", Rfc5424Spec.parse(syslog).structuredData().get(Rfc5424Format.DEFAULT_SD_ID)
                    .get("tenant"));
            // one tenant: no organization, no tenant_uid (the golden files stay as they are)
            assertFalse(ecsBefore.contains("\"organization\""), variant);
            assertFalse(OCSF.render(before, Golden.context("issues")).contains("tenant_uid"), variant);
            assertFalse(CEF.render(before, Golden.context("issues")).contains("deviceExternalId"), variant);
            assertFalse(SYSLOG.render(before, Golden.context("issues")).contains("tenant="), variant);
        }
    }
}
