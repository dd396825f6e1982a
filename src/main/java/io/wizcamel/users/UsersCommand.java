package io.wizcamel.users;

import java.io.PrintStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.WizCamel;
import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The launcher's {@code --plan users} (the plan as a table and as JSON; nothing changed) and {@code --apply users}
 * (a run of the user-changes stream through {@code direct:wiz-users-apply}). Exit codes: 0 every change applied,
 * 3 some rows refused or changes failed, 1 nothing applied (a guard, Wiz unreachable, the scope missing), 2 bad
 * configuration.
 */
public final class UsersCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UsersCommand() {
    }

    public static int run(CamelContext context, String what, boolean force, PrintStream out) throws Exception {
        UserLifecycle lifecycle = context.getRegistry().lookupByNameAndType("userLifecycle", UserLifecycle.class);
        if (lifecycle == null) {
            System.err.println("wiz-camel: the user lifecycle's routes are not loaded: add file:routes/users/*.yaml to"
                    + " camel.main.routes-include-pattern");
            return 2;
        }
        if ("plan".equals(what)) {
            UserPlan plan;
            try {
                plan = lifecycle.plan();
            } catch (IllegalArgumentException e) {
                System.err.println("wiz-camel: " + WizCamel.oneLine(e));
                return 2;
            }
            out.print(plan.table());
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan.json()));
            String guard = plan.guard(maxSuspendPercent(context));
            if (guard != null) {
                out.println("note: --apply users would refuse this plan without --force: " + guard);
            }
            return plan.count(UserChange.Action.REFUSE) > 0 ? 3 : 0;
        }
        Exchange result = context.createProducerTemplate().request("direct:wiz-users-apply", e -> {
            e.setProperty("wizTrigger", "cli");
            e.setProperty(UserLifecycle.FORCE, force);
        });
        UserLifecycle.Result r = result.getProperty(UserLifecycle.RESULT, UserLifecycle.Result.class);
        if (result.getException() != null) {
            Throwable e = result.getException();
            System.err.println("wiz-camel: " + WizCamel.oneLine(e));
            return e instanceof IllegalArgumentException || e.getCause() instanceof IllegalArgumentException ? 2 : 1;
        }
        if (r != null && r.plan != null) {
            out.print(r.plan.table());
        }
        if (r != null) {
            r.lines.forEach(out::println);
            out.printf("%d applied, %d refused, %d failed%n", r.applied, r.refused, r.failed);
        }
        RunStats run = result.getProperty(RunStats.PROPERTY, RunStats.class);
        if (r != null && r.stopped != null) {
            System.err.println("wiz-camel: " + r.stopped);
            return 1;
        }
        if (r != null && (r.refused > 0 || r.failed > 0) || run != null && RunStats.PARTIAL.equals(run.outcome)) {
            return 3;
        }
        return 0;
    }

    private static int maxSuspendPercent(CamelContext context) {
        return Integer.parseInt(context.resolvePropertyPlaceholders("{{wiz.users.max-suspend-percent}}"));
    }
}
