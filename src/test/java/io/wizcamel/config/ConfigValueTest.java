package io.wizcamel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A setting read exactly as configured: placeholders resolved where they resolve, anything else as given. */
class ConfigValueTest {

    @Test
    void aValueCamelCannotResolveIsTakenAsGivenAndAPlaceholderThatResolvesIsResolved() {
        CamelContext context = new DefaultCamelContext();
        Properties defaults = new Properties();
        defaults.setProperty("wiz.secret.braces", "p{{w}},d\"#$");
        defaults.setProperty("wiz.secret.closing", "a}}b{c");
        defaults.setProperty("wiz.secret.opening", "ab{{cd");
        defaults.setProperty("wiz.secret.source", "from-the-vault");
        defaults.setProperty("wiz.secret.reference", "{{wiz.secret.source}}");
        defaults.setProperty("wiz.secret.unresolved", "{{wiz.secret.nowhere}}");
        context.getPropertiesComponent().setInitialProperties(defaults);
        Properties given = new Properties();
        given.setProperty("wiz.secret.opening", "given}}{{over");
        context.getPropertiesComponent().setOverrideProperties(given);

        assertEquals("p{{w}},d\"#$", ConfigValue.read(context, "wiz.secret.braces"));
        assertEquals("a}}b{c", ConfigValue.read(context, "wiz.secret.closing"));
        assertEquals("given}}{{over", ConfigValue.read(context, "wiz.secret.opening"), "the source that wins");
        assertEquals("from-the-vault", ConfigValue.read(context, "wiz.secret.reference"));
        assertEquals("", ConfigValue.read(context, "wiz.secret.unresolved"), "a reference, not a value");
        assertEquals("", ConfigValue.read(context, "wiz.secret.unset"));
        assertEquals("p{{w}},d\"#$", ConfigValue.read(context, "wiz.secret.braces"), "read again");
    }
}
