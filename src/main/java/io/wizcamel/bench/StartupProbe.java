package io.wizcamel.bench;

/** Does nothing: {@code java -cp target/wiz-camel.jar io.wizcamel.bench.StartupProbe} times the bare JVM. */
public final class StartupProbe {

    private StartupProbe() {
    }

    public static void main(String[] args) {
        // the JVM's start and exit with the connector's jar on the class path, nothing else
    }
}
