package io.wizcamel.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One SCIM ListResponse (RFC 7644 section 3.4.2) around a file of SCIM resources, one a line, as the file sink's
 * {@code scim} format writes a run: {@code totalResults}, {@code startIndex} 1, {@code itemsPerPage} and
 * {@code Resources}. Streamed (two passes over the lines): memory does not grow with the run.
 */
public final class ScimListResponse {

    /** the file sink's extension for the format: its part files are wrapped when published */
    public static final String EXTENSION = "scim.json";

    private ScimListResponse() {
    }

    /** writes the ListResponse of the resources in {@code lines} to {@code target} */
    public static void write(Path lines, Path target) throws IOException {
        long count;
        try (var s = Files.lines(lines, StandardCharsets.UTF_8)) {
            count = s.filter(l -> !l.isBlank()).count();
        }
        try (BufferedReader in = Files.newBufferedReader(lines, StandardCharsets.UTF_8);
                OutputStream out = Files.newOutputStream(target)) {
            out.write(("{\"schemas\":[\"" + ScimFormat.LIST_RESPONSE + "\"],\"totalResults\":" + count
                    + ",\"startIndex\":1,\"itemsPerPage\":" + count + ",\"Resources\":[").getBytes(StandardCharsets.UTF_8));
            boolean first = true;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                out.write((first ? "\n" : ",\n").getBytes(StandardCharsets.UTF_8));
                out.write(line.getBytes(StandardCharsets.UTF_8));
                first = false;
            }
            out.write("\n]}\n".getBytes(StandardCharsets.UTF_8));
        }
    }
}
