package io.wizcamel.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) went: the hottest methods by self samples (top
 * frame) and by inclusive samples (anywhere on the stack), the busiest threads, and a coarse split by library.
 * {@code java -cp target/wiz-camel.jar io.wizcamel.bench.JfrHotMethods x.jfr [top]}.
 */
public final class JfrHotMethods {

    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        print(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25, System.out);
    }

    /** Prints the tables for the recording {@code jfr}. */
    public static void print(Path jfr, int top, PrintStream out) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                RecordedThread t = e.getThread("sampledThread");
                threads.merge(t == null ? "?" : threadGroup(t.getJavaName()), 1, Integer::sum);
                List<RecordedFrame> frames = st.getFrames();
                String topName = name(frames.get(0));
                self.merge(topName, 1, Integer::sum);
                libraries.merge(library(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        inclusive.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        out.printf("CPU samples (jdk.ExecutionSample): %,d in %s%n", samples, jfr);
        if (samples == 0) {
            return;
        }
        table(out, "hot methods by self samples (top frame)", self, samples, top);
        table(out, "hot methods by inclusive samples (anywhere on the stack; truncated stacks count less)", inclusive,
                samples, top);
        table(out, "self samples by library of the top frame", libraries, samples, 20);
        table(out, "samples by thread (numbers folded)", threads, samples, 10);
    }

    private static void table(PrintStream out, String title, Map<String, Integer> counts, int samples, int top) {
        out.println();
        out.println("  " + title);
        List<Map.Entry<String, Integer>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (int i = 0; i < Math.min(top, rows.size()); i++) {
            Map.Entry<String, Integer> r = rows.get(i);
            out.printf("  %5.1f%%  %6d  %s%n", 100.0 * r.getValue() / samples, r.getValue(), r.getKey());
        }
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        if (m == null) {
            return "?";
        }
        return m.getType().getName() + "." + m.getName();
    }

    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "#");
    }

    private static final String[][] LIBRARIES = {
        {"com.fasterxml.jackson.", "Jackson"},
        {"org.apache.camel.", "Camel"},
        {"org.apache.hc.", "Apache HttpClient 5"},
        {"org.sqlite.", "SQLite JDBC"},
        {"org.apache.logging.", "Log4j"},
        {"io.wizcamel.", "wiz-camel"},
        {"java.io.", "JDK java.io"},
        {"java.nio.", "JDK java.nio"},
        {"sun.nio.", "JDK sun.nio"},
        {"java.util.zip.", "JDK java.util.zip"},
        {"java.util.", "JDK java.util"},
        {"java.lang.", "JDK java.lang"},
        {"sun.security.", "JDK sun.security"},
        {"java.security.", "JDK java.security"},
        {"jdk.internal.", "JDK jdk.internal"},
        {"sun.", "JDK sun.*"},
        {"java.", "JDK other"},
        {"jdk.", "JDK other"},
    };

    private static String library(RecordedFrame f) {
        String n = name(f);
        for (String[] l : LIBRARIES) {
            if (n.startsWith(l[0])) {
                return l[1];
            }
        }
        int dot = n.indexOf('.', n.indexOf('.') + 1);
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
