package io.qrfleet.gateway;

import io.qrfleet.gateway.maintenance.JanitorCommand;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/** The gateway; with the argument {@code janitor}, one maintenance pass instead of serving. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        if (!Arrays.asList(args).contains(JanitorCommand.ARGUMENT)) {
            SpringApplication.run(GatewayApplication.class, args);
            return;
        }
        // the pass ends early on a stop request, with a log line of what it did
        AtomicReference<Runnable> onStop = new AtomicReference<>(() -> System.exit(JanitorCommand.INTERRUPTED));
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> onStop.get().run());
        }
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.setAdditionalProfiles(JanitorCommand.PROFILE);
        ConfigurableApplicationContext context = application.run(args);
        System.exit(JanitorCommand.run(context, onStop));
    }
}
