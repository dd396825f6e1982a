package io.wizcamel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a test that needs a server this machine runs or CI installs (RabbitMQ, rsyslog). Such tests run only in the
 * Maven profile {@code services} ({@code mvn -B test -Pservices}), which .ci/run runs too; the plain {@code mvn test}
 * needs nothing but a JDK and Maven.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("services")
public @interface Services {
}
