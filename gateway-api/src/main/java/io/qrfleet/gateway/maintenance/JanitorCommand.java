package io.qrfleet.gateway.maintenance;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/** The one-shot maintenance mode: run one pass, stop early on SIGTERM/SIGINT, exit with a meaningful code. */
public final class JanitorCommand {

    public static final String ARGUMENT = "janitor";
    public static final String PROFILE = "janitor";
    /** Exit code of a pass cut short by a signal. */
    public static final int INTERRUPTED = 130;

    private static final Logger log = LoggerFactory.getLogger(JanitorCommand.class);

    private JanitorCommand() {}

    /** Runs the pass; {@code onStop} (what SIGTERM and SIGINT do) is pointed at the pass meanwhile. */
    public static int run(ConfigurableApplicationContext context, AtomicReference<Runnable> onStop) {
        Janitor janitor = context.getBean(Janitor.class);
        onStop.set(janitor::stop);
        try (context) {
            return janitor.run().interrupted() ? INTERRUPTED : 0;
        } catch (RuntimeException e) {
            log.error("Janitor failed", e);
            return 1;
        }
    }
}
