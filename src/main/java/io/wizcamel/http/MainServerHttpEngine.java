package io.wizcamel.http;

import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine, bound as {@code platform-http-engine}, that puts every platform-http route (the webhook
 * receiver) on Camel's main HTTP server ({@code camel.server.*}, {@code wiz.http-port}), never on the management
 * server ({@code camel.management.*}).
 *
 * <p>Why: Camel 4.17's engine finds its server's port by looking for the single HTTP server (then configuration,
 * then router) in the registry. With the management server up as well there are two routers, so it falls back to
 * port 8080; unless {@code wiz.http-port} is 8080 no router has that name, and the consumer then takes the router of
 * port 0 when there is one (a management server on a free port): the receiver ends up on the management port and the
 * main port answers 404. The main server's own port names its router ({@code platform-http-router-<port>}), so
 * that port is the one to give.
 */
public class MainServerHttpEngine extends VertxPlatformHttpEngine {

    @Override
    public int getServerPort() {
        MainHttpServer main = getCamelContext().hasService(MainHttpServer.class);
        return main != null ? main.getPort() : super.getServerPort();
    }
}
