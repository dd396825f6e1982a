package io.wizcamel.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StatusMapper;
import io.wizcamel.stream.issues.IssueFilter;
import io.wizcamel.stream.mapping.RecordMappings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Records/s of a JQ mapping (default: Port's issue resource, routes/mappings/examples/port-wiz.yaml) in wiz-camel
 * (jackson-jq, in process) against the jq command-line tool running the same program over the same pages.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/wiz-camel.jar io.wizcamel.bench.MappingBenchmark [--issues 100000] [--repeat 3] [--file F] [--jq PATH]
 * </pre>
 *
 * The emulator's answer pages of a full sync are rendered first (not timed) and turned into the Wiz-shaped records a
 * mapping reads (SAFE's filters passed, mappedStatus added), one JSON array per page file. Then, timed, each side reads
 * every page file, maps every record and writes each mapped record as one line of JSON: wiz-camel on one thread
 * (JSON parse, {@link RecordMappings#apply}, JSON write), jq as {@code jq -c '.[] | select(S) | M' page-*.json}
 * with the selector S and the mapping M written out from the same resource. The first page's outputs of both are
 * compared (the id wiz-camel adds for its ledger aside) before any figure is printed.
 */
public final class MappingBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MappingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int issues = 100_000;
        int repeat = 3;
        Path file = Path.of("routes/mappings/examples/port-wiz.yaml");
        String jq = "jq";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--issues" -> issues = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--file" -> file = Path.of(args[++i]);
                case "--jq" -> jq = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("wiz-mapping-bench");
        System.out.printf("rendering %,d issues' pages in %s (not timed)%n", issues, work);
        PageReplayServer.Recording rec = PageReplayServer.render(issues, work.resolve("answers"),
                Path.of("routes/graphql/issues.graphql"));
        List<Path> pages = wizShaped(rec, work.resolve("pages"));
        long records = 0;
        for (Path p : pages) {
            records += JSON.readTree(p.toFile()).size();
        }
        Path mappingFile = file;
        RecordMappings mappings = new RecordMappings((s, item) -> mappingFile.toString(), null);
        String program = jqProgram(file, "issue");
        System.out.printf("%,d Wiz-shaped issue records in %d pages; jq program:%n  %s%n", records, pages.size(),
                program.length() > 300 ? program.substring(0, 300) + "..." : program);

        List<String> jqCommand = new ArrayList<>(List.of(jq, "-c", program));
        pages.forEach(p -> jqCommand.add(p.toString()));
        check(mappings, pages.get(0), jq, program);

        // one untimed run of ours first: the JIT's warm-up is not the mapping's speed (a sync maps pages for minutes)
        runOurs(mappings, pages, work.resolve("ours.jsonl"));
        double[] ours = new double[repeat];
        double[] theirs = new double[repeat];
        double[] oursWall = new double[repeat];
        double[] theirsWall = new double[repeat];
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", work.resolve("jq.time").toString()));
        timed.addAll(jqCommand);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < repeat; r++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long out = runOurs(mappings, pages, work.resolve("ours.jsonl"));
            oursWall[r] = (System.nanoTime() - t0) / 1e9;
            ours[r] = (os.getProcessCpuTime() - cpu0) / 1e9;
            t0 = System.nanoTime();
            Process p = new ProcessBuilder(timed).redirectOutput(work.resolve("jq.jsonl").toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jq failed");
            }
            theirsWall[r] = (System.nanoTime() - t0) / 1e9;
            theirs[r] = Arrays.stream(Files.readString(work.resolve("jq.time")).trim().split("\\s+"))
                    .mapToDouble(Double::parseDouble).sum();
            long jqOut;
            try (var lines = Files.lines(work.resolve("jq.jsonl"))) {
                jqOut = lines.count();
            }
            if (jqOut != out) {
                throw new IllegalStateException("wiz-camel made " + out + " records, jq " + jqOut);
            }
            System.out.printf("run %d: wiz-camel %.2f s CPU (%.2f s wall), %,.0f records/s; jq %.2f s CPU (%.2f s wall),"
                    + " %,.0f records/s; %,d records out%n", r + 1, ours[r], oursWall[r], records / ours[r], theirs[r],
                    theirsWall[r], records / theirs[r], out);
        }
        double o = median(ours);
        double t = median(theirs);
        System.out.printf("median, per CPU second (the JVM's GC and JIT threads included): wiz-camel %,.0f records/s,"
                + " jq %,.0f records/s: %.1fx jq; wall: %.1fx jq%n", records / o, records / t, t / o,
                median(theirsWall) / median(oursWall));
        try (var s = Files.walk(work)) {
            s.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    /** what the connector hands a mapping: each page's issues that pass SAFE's filters, plus mappedStatus */
    static List<Path> wizShaped(PageReplayServer.Recording rec, Path dir) throws IOException {
        Files.createDirectories(dir);
        IssueFilter filter = new IssueFilter("CRITICAL,HIGH,MEDIUM,LOW", "AWS,Azure,GCP", true, "Deleted",
                "OPEN,IN_PROGRESS,RESOLVED,REJECTED", "");
        StatusMapper status = new StatusMapper("OPEN=Failed,IN_PROGRESS=Failed,RESOLVED=Passed,REJECTED=Accepted Failed",
                "Failed");
        RunStats run = new RunStats("issues", "issue", "bench");
        List<Path> out = new ArrayList<>();
        int n = 0;
        for (String after : rec.order()) {
            JsonNode nodes = JSON.readTree(rec.page(after).toFile()).path("data").path("issues").path("nodes");
            ArrayNode page = JSON.createArrayNode();
            status.wizShaped(filter.keep(nodes, run)).forEach(page::add);
            Path p = dir.resolve(String.format("page-%06d.json", ++n));
            JSON.writeValue(p.toFile(), page);
            out.add(p);
        }
        return out;
    }

    static long runOurs(RecordMappings mappings, List<Path> pages, Path output) throws Exception {
        long n = 0;
        RunStats run = new RunStats("issues", "issue", "bench");
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
                JsonGenerator out = JSON.getFactory().createGenerator(file)) {
            out.setRootValueSeparator(new SerializedString("\n"));
            for (Path p : pages) {
                ArrayNode page = (ArrayNode) JSON.readTree(Files.readAllBytes(p));
                List<ObjectNode> records = new ArrayList<>(page.size());
                page.forEach(r -> records.add((ObjectNode) r));
                for (ObjectNode mapped : mappings.apply(records, run)) {
                    out.writeTree(mapped);
                    n++;
                }
            }
        }
        return n;
    }

    /** both sides agree on the first page (the id wiz-camel adds for its ledger aside) */
    static void check(RecordMappings mappings, Path page, String jq, String program) throws Exception {
        Path ours = Files.createTempFile("ours", ".jsonl");
        runOurs(mappings, List.of(page), ours);
        Process p = new ProcessBuilder(jq, "-c", program, page.toString()).redirectErrorStream(true).start();
        List<String> theirs = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        List<String> mine = Files.readAllLines(ours);
        Files.delete(ours);
        if (mine.size() != theirs.size()) {
            throw new IllegalStateException("first page: wiz-camel made " + mine.size() + " records, jq " + theirs.size());
        }
        for (int i = 0; i < mine.size(); i++) {
            ObjectNode a = (ObjectNode) JSON.readTree(mine.get(i));
            a.remove("id");
            if (!a.equals(JSON.readTree(theirs.get(i)))) {
                throw new IllegalStateException("first page, record " + (i + 1) + " differs:\n" + a + "\n" + theirs.get(i));
            }
        }
        System.out.printf("first page: wiz-camel and jq agree on all %d records%n", mine.size());
    }

    /** the resource of the kind as one jq program: .[] | select(S) | {k: (e), ...} */
    @SuppressWarnings("unchecked")
    static String jqProgram(Path file, String kind) throws IOException {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        if (root instanceof Map<?, ?> m && m.containsKey("resources")) {
            root = m.get("resources");
        }
        for (Object o : (List<Object>) root) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (kind.equals(r.get("kind"))) {
                Object selector = r.get("selector") instanceof Map<?, ?> s && s.get("query") != null ? s.get("query") : "true";
                Object mappings = r.get("mappings");
                if (mappings == null) {
                    mappings = ((Map<String, Object>) ((Map<String, Object>) r.get("port")).get("entity")).get("mappings");
                }
                return ".[] | select(" + selector + ") | " + object(mappings);
            }
        }
        throw new IllegalArgumentException(file + " has no resource of kind " + kind);
    }

    @SuppressWarnings("unchecked")
    private static String object(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            return "(" + node + ")";
        }
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : ((Map<String, Object>) node).entrySet()) {
            b.append(b.length() > 1 ? ", " : "").append(JSON.valueToTree(e.getKey()).toString()).append(": ")
                    .append(object(e.getValue()));
        }
        return b.append("}").toString();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
