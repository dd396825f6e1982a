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
        Map<String, Map<String, Integer>> callers = new HashMap<>();
        Map<String, Integer> nearestOwn = new HashMap<>();
        Map<String, Integer> nearestCamel = new HashMap<>();
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
                StringBuilder chain = new StringBuilder();
                for (int k = 1; k < Math.min(frames.size(), 5); k++) {
                    chain.append(k == 1 ? "" : " < ").append(shortName(frames.get(k)));
                }
                callers.computeIfAbsent(topName, k -> new HashMap<>()).merge(chain.toString(), 1, Integer::sum);
                nearestOwn.merge(nearest(frames, "io.wizcamel."), 1, Integer::sum);
                nearestCamel.merge(nearest(frames, "org.apache.camel."), 1, Integer::sum);
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
        out.println();
        out.println("  callers of the 8 hottest methods (self), up to 4 frames, the 3 commonest chains");
        List<Map.Entry<String, Integer>> hottest = new ArrayList<>(self.entrySet());
        hottest.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> h : hottest.subList(0, Math.min(8, hottest.size()))) {
            out.printf("  %s (%d)%n", h.getKey(), h.getValue());
            List<Map.Entry<String, Integer>> cs = new ArrayList<>(callers.get(h.getKey()).entrySet());
            cs.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
            for (Map.Entry<String, Integer> c : cs.subList(0, Math.min(3, cs.size()))) {
                out.printf("      %4d  < %s%n", c.getValue(), c.getKey());
            }
        }
        table(out, "samples by the nearest wiz-camel frame on the stack (where our code spends, callees included)",
                nearestOwn, samples, 15);
        table(out, "samples by the nearest Camel frame on the stack", nearestCamel, samples, 15);
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

    private static String nearest(List<RecordedFrame> frames, String prefix) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith(prefix)) {
                return n;
            }
        }
        return "(none)";
    }

    private static String shortName(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        if (m == null) {
            return "?";
        }
        String type = m.getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + m.getName() + ":" + f.getLineNumber();
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
