package io.wizcamel.config;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * A bean with settings per stream: it finds its context's {@link StreamSettings} itself when Camel gives it the
 * context (on binding it), binding them if no bean did yet. So no route file has to declare them before the others,
 * and the routes run the same under the launcher, Camel JBang, a plain camel-main and the Kamelet's own context.
 */
public abstract class StreamSettingsAware implements CamelContextAware {

    private CamelContext camelContext;
    private StreamSettings streamSettings;

    /** the per-stream settings; null for a bean a test made without a context, which then uses its given values */
    protected StreamSettings streamSettings() {
        return streamSettings;
    }

    /** settings of a test's own, instead of the context's */
    public void setStreamSettings(StreamSettings streamSettings) {
        this.streamSettings = streamSettings;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (streamSettings == null && camelContext != null) {
            // now, not at first use: a route's ref: streamSettings finds them once any such bean is bound
            streamSettings = StreamSettings.of(camelContext);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
