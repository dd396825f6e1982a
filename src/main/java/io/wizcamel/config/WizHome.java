package io.wizcamel.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.camel.util.AntPathMatcher;

/**
 * The folder that holds {@code application.properties} and {@code routes/}: {@code --home DIR}, else
 * {@code WIZ_HOME}, else the working directory. The jar carries the default properties and routes, so what the folder
 * lacks comes from the jar: with no {@code application.properties} the bundled one is read, and each route folder of
 * {@code camel.main.routes-include-pattern} ({@code routes/wiz}, {@code routes/streams}, …) and each query file is
 * the folder's when it has it, else the bundled one. An empty folder and environment variables are enough.
 */
public final class WizHome {

    public static final String PROPERTIES = "application.properties";
    /**
     * the jar's copy: not at its root, where camel-main reads classpath:application.properties by default, so that a
     * camel-main application with the jar on its class path (the Kamelet's) does not take it (and the routes it names)
     * for its own
     */
    public static final String BUNDLED_PROPERTIES = "wiz-camel/" + PROPERTIES;

    private WizHome() {
    }

    /** the home folder: the flag's, else WIZ_HOME's, else the working directory; absolute */
    public static Path of(String flag, String env) {
        String given = flag != null ? flag : env;
        return Path.of(given == null || given.isBlank() ? "" : given.trim()).toAbsolutePath().normalize();
    }

    /** where the properties are read: the folder's file, else the jar's */
    public static String propertiesLocation(Path home) {
        Path file = home.resolve(PROPERTIES);
        return Files.isRegularFile(file) ? "file:" + file : "classpath:" + BUNDLED_PROPERTIES;
    }

    /**
     * The routes pattern with each relative {@code file:} entry read from the home folder when it has that folder,
     * else from the jar ({@code classpath:}); absolute and {@code classpath:} entries stay as they are.
     */
    public static String routesPattern(String pattern, Path home) {
        List<String> out = new ArrayList<>();
        for (String entry : pattern.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (!e.startsWith("file:") || Path.of(glob(e.substring(5))).isAbsolute()) {
                out.add(e);
                continue;
            }
            String relative = e.substring(5);
            Path folder = home.resolve(glob(relative)).normalize();
            String bundled = relative.replaceFirst("^\\./", "");
            if (Files.isDirectory(folder)) {
                out.add("file:" + home.resolve(relative).normalize());
            } else {
                out.addAll(bundled(bundled, ownJar()));
            }
        }
        return String.join(",", out);
    }

    /**
     * The jar's files that match a pattern, each named: Camel finds a {@code classpath:} pattern by reading the whole
     * jar through and inflating every entry (about 4 s a pattern for this jar, and each pattern is looked for twice),
     * where a named file is one lookup. From folders (a build's classes), the pattern as it is.
     */
    static List<String> bundled(String pattern, Path jar) {
        if (jar == null) {
            return List.of("classpath:" + pattern);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).filter(n -> AntPathMatcher.INSTANCE.match(pattern, n))
                    .sorted().map(n -> "classpath:" + n).toList();
        } catch (IOException e) {
            return List.of("classpath:" + pattern);
        }
    }

    /** the jar the connector's classes are in; null when they are in a folder */
    private static Path ownJar() {
        try {
            Path code = Path.of(WizHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) ? code : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** the folder part of a pattern entry: routes/wiz/*.yaml → routes/wiz */
    private static String glob(String path) {
        int star = path.indexOf('*');
        String head = star < 0 ? path : path.substring(0, star);
        int slash = head.lastIndexOf('/');
        return slash < 0 ? "." : head.substring(0, slash);
    }

    /** a file named relative to the home folder (a query file): the folder's, else the jar's */
    public static String read(Path home, String name) {
        Path file = home.resolve(name);
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file);
            }
            try (InputStream in = WizHome.class.getClassLoader().getResourceAsStream(name.replaceFirst("^\\./", ""))) {
                if (in != null) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        throw new UncheckedIOException(new IOException("Cannot read " + file + ": there is no such file (nor one"
                + " bundled in the jar); check wiz.home (WIZ_HOME) or the stream's query-file"));
    }
}
