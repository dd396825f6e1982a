package io.wizcamel.bench;

import java.nio.file.Path;
import java.util.Properties;

import io.wizcamel.emulator.WizEmulator;

/** The settings of an in-process benchmark run: the emulator's URLs and credentials, output and state under dir. */
final class EmulatorConnection {

    private EmulatorConnection() {
    }

    static Properties properties(WizEmulator emulator, Path dir, String rateLimit) {
        Properties p = new Properties();
        p.setProperty("wiz.api-url", emulator.apiUrl());
        p.setProperty("wiz.token-url", emulator.tokenUrl());
        p.setProperty("wiz.client-id", WizEmulator.DEFAULT_CLIENT_ID);
        p.setProperty("wiz.client-secret", WizEmulator.DEFAULT_CLIENT_SECRET);
        p.setProperty("wiz.output-dir", dir.resolve("out").toString());
        p.setProperty("wiz.state-dir", dir.resolve("data").toString());
        p.setProperty("wiz.rate-limit", rateLimit);
        return p;
    }
}
