package io.qrfleet.worker;

import io.qrfleet.common.CommonConfiguration;
import io.qrfleet.worker.system.TrainingCommand;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import sun.misc.Signal;

/** The worker; with the argument {@code training}, the AOT cache's training run instead of consuming. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(CommonConfiguration.class)
public class WorkerApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        // A stop request is a normal end, exit 0 instead of the JVM's 143. During start-up the
        // shutdown hook closes whatever was built; afterwards the handler is replaced below.
        AtomicReference<Runnable> onStop = new AtomicReference<>(() -> System.exit(0));
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> onStop.get().run());
        }
        boolean training = Arrays.asList(args).contains(TrainingCommand.ARGUMENT);
        SpringApplication application = new SpringApplication(WorkerApplication.class);
        if (training) {
            application.setAdditionalProfiles(TrainingCommand.PROFILE);
        }
        ConfigurableApplicationContext context = application.run(args);
        if (training) {
            System.exit(TrainingCommand.run(context));
        }
        // consumers stop, in-flight jobs finish or go back to the queue
        onStop.set(() -> System.exit(SpringApplication.exit(context)));
    }
}
