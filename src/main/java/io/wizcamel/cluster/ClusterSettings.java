package io.wizcamel.cluster;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/** The cluster room (settings/cluster.yaml), and the settings that must agree with each other. */
public final class ClusterSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/cluster.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        String mode = c.value("wiz.cluster");
        if ("zookeeper".equals(mode)) {
            String nodes = c.value("wiz.cluster.zookeeper-nodes");
            if (!nodes.isEmpty()
                    && !nodes.trim().matches("[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5}(\\s*,\\s*[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5})*")) {
                c.problem("wiz.cluster.zookeeper-nodes (" + ConfigCheck.env("wiz.cluster.zookeeper-nodes") + ") is '"
                        + nodes + "': give host:port pairs separated by commas, e.g. zk1:2181,zk2:2181");
            }
            String base = c.value("wiz.cluster.zookeeper-base-path");
            if (!base.isEmpty() && !base.startsWith("/")) {
                c.problem("wiz.cluster.zookeeper-base-path (" + ConfigCheck.env("wiz.cluster.zookeeper-base-path")
                        + ") is '" + base + "': give an absolute znode path, e.g. /wiz-camel");
            }
        }
        if ("kubernetes".equals(mode)) {
            int lease = seconds(c, "wiz.cluster.kubernetes-lease-duration-seconds");
            int renew = seconds(c, "wiz.cluster.kubernetes-renew-deadline-seconds");
            int retry = seconds(c, "wiz.cluster.kubernetes-retry-period-seconds");
            if (lease > 0 && renew > 0 && renew >= lease) {
                c.problem("wiz.cluster.kubernetes-renew-deadline-seconds (" + renew + ") must be less than"
                        + " wiz.cluster.kubernetes-lease-duration-seconds (" + lease + "): a leader must give up its"
                        + " streams before another node may take the Lease");
            }
            if (renew > 0 && retry > 0 && retry >= renew) {
                c.problem("wiz.cluster.kubernetes-retry-period-seconds (" + retry + ") must be less than"
                        + " wiz.cluster.kubernetes-renew-deadline-seconds (" + renew + "): a leader renews several"
                        + " times before its deadline");
            }
        }
    }

    private static int seconds(ConfigCheck c, String key) {
        try {
            return Integer.parseInt(c.value(key).trim());
        } catch (RuntimeException e) {
            return -1; // the schema check names it
        }
    }
}
