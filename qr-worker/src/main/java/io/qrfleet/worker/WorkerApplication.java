package io.qrfleet.worker;

import io.qrfleet.common.CommonConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import sun.misc.Signal;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(CommonConfiguration.class)
public class WorkerApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(WorkerApplication.class, args);
        // A stop request is a normal end: close the context (consumers stop, in-flight jobs finish
        // or go back to the queue) and exit 0 instead of the JVM's 143.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> System.exit(SpringApplication.exit(context)));
        }
    }
}
