package io.wizcamel.tenant;

import java.util.List;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;
import io.wizcamel.config.SettingsRoom;

/** The tenants room (settings/tenants.yaml): wiz.tenants; the per-tenant keys follow its pattern. */
public final class TenantSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/tenants.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        List<String> tenants = Settings.list(c.value("wiz.tenants"));
        if (tenants.size() != tenants.stream().distinct().count()) {
            c.problem("wiz.tenants (WIZ_TENANTS) names a tenant twice: " + String.join(",", tenants)
                    + ": give each tenant once");
        }
    }
}
