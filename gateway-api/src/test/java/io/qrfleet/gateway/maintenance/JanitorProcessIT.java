package io.qrfleet.gateway.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.test.TestServices;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar's one-shot maintenance mode as its own process: migrates, runs one pass, exits 0. */
class JanitorProcessIT {

    @Test
    void janitorRunsOnePassAndExitsZero() throws Exception {
        File jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("gateway-api-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow()
                    .toFile();
        }
        Path log = Files.createTempFile("janitor", ".log");
        String[] database = TestServices.postgres();
        String schema = "qr_it_janitor_process";
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx64m",
                        "-jar",
                        jar.getPath(),
                        JanitorCommand.ARGUMENT)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .put(
                        "SPRING_DATASOURCE_URL",
                        database[0] + (database[0].contains("?") ? "&" : "?") + "currentSchema=" + schema);
        builder.environment().put("SPRING_DATASOURCE_USERNAME", database[1]);
        builder.environment().put("SPRING_DATASOURCE_PASSWORD", database[2]);
        builder.environment().put("SPRING_FLYWAY_SCHEMAS", schema);
        builder.environment().put("SPRING_RABBITMQ_ADDRESSES", TestServices.rabbitUri());
        builder.environment().put("QR_STORAGE_ENDPOINT", TestServices.s3Endpoint());
        builder.environment().put("QR_STORAGE_ACCESS_KEY", TestServices.s3AccessKey());
        builder.environment().put("QR_STORAGE_SECRET_KEY", TestServices.s3SecretKey());
        Process janitor = builder.start();
        try {
            assertThat(janitor.waitFor(90, TimeUnit.SECONDS))
                    .as("janitor did not finish")
                    .isTrue();
            assertThat(janitor.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("Janitor finished: {").doesNotContain("Tomcat started");
        } finally {
            janitor.destroyForcibly();
        }
    }
}
