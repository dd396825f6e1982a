package io.wizcamel.sink.rabbitmq;

import java.util.Locale;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;
import io.wizcamel.sink.TrustFileSetting;

/** The RabbitMQ sink's room (settings/sink-rabbitmq.yaml). */
public final class RabbitMqSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-rabbitmq.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        String type = c.value("wiz.sink.rabbitmq.exchange-type").toLowerCase(Locale.ROOT);
        if (!RabbitPublisher.EXCHANGE_TYPES.contains(type)) {
            c.problem("wiz.sink.rabbitmq.exchange-type (WIZ_SINK_RABBITMQ_EXCHANGE_TYPE) is '" + type
                    + "': use one of " + RabbitPublisher.EXCHANGE_TYPES);
        }
        if ("true".equalsIgnoreCase(c.value("wiz.sink.rabbitmq.tls"))) {
            TrustFileSetting.check(c, "wiz.sink.rabbitmq.tls-trust-file", "wiz.sink.rabbitmq.tls-trust-password");
        }
    }
}
