package io.wizcamel.tenant;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code tenantStamp}: puts {@code tenant} at the top level of every record a tenant delivers when the process runs
 * several tenants (wiz.tenants), before the records are rendered and hashed; with one tenant the records stay
 * exactly as they were (docs/tenants.md). The ECS and OCSF renderings carry it in their own fields too.
 */
public class TenantStamp {

    private final String tenant;

    /** @param tenant the context's tenant (wiz.tenant, set by the launcher for several tenants), or blank */
    public TenantStamp(String tenant) {
        this.tenant = tenant == null || tenant.isBlank() ? null : tenant.trim();
    }

    /** the page, each record stamped (in place) */
    public List<ObjectNode> stamp(List<ObjectNode> records) {
        if (tenant != null) {
            for (ObjectNode r : records) {
                r.put("tenant", tenant);
            }
        }
        return records;
    }
}
