package io.wizcamel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.wizcamel.emulator.Identities;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.identity.GrantMapper;
import io.wizcamel.stream.identity.PrincipalIds;

/**
 * The grants mapping over a large tenant, without the network: N emulated users in pages of 100 through
 * {@link GrantMapper} (ids kept in principals.db), first as userAccounts nodes (the fallback's ids), then as users
 * nodes (their grants, each naming both ids). Prints the time per pass and the heap in use after each, which must
 * not grow with N.
 *
 * <pre>java -cp target/wiz-camel.jar io.wizcamel.bench.GrantsBenchmark [users, default 100000]</pre>
 */
public final class GrantsBenchmark {

    private GrantsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Identities people = WizEmulator.builder().issues(0).users(users).build().identities();
        Path state = Files.createTempDirectory("wiz-grants-bench");
        try (PrincipalIds ids = new PrincipalIds(state.toString())) {
            GrantMapper grants = new GrantMapper(ids);
            for (String pass : new String[] {"userAccounts", "users"}) {
                RunStats run = new RunStats("grants", "grant", "bench");
                long made = 0;
                long start = System.nanoTime();
                for (int from = 0; from < users; from += Identities.MAX_USERS_PAGE) {
                    ArrayNode page = JsonNodeFactory.instance.arrayNode();
                    for (int i = from; i < Math.min(users, from + Identities.MAX_USERS_PAGE); i++) {
                        if (pass.equals("users")) {
                            page.add(people.user(i));
                        } else {
                            page.addObject().put("id", people.accountId(i)).put("name", Identities.name(i))
                                    .put("email", Identities.hasEmail(i) ? Identities.email(i) : null);
                        }
                    }
                    made += grants.fromUsers(page, run).size();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.gc();
                long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                System.out.printf("%-12s %,d users in %.2f s (%,.0f users/s), %,d grants, %s dropped, heap after GC %,d MB%n",
                        pass, users, seconds, users / seconds, made, run.dropped, heap >> 20);
            }
            System.out.printf("principals.db: %,d KB%n", Files.size(state.resolve("principals.db")) >> 10);
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
