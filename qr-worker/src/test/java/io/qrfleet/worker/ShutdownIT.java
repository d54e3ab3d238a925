package io.qrfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.test.TestServices;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar as its own process: exit codes on SIGTERM and of the training run. */
class ShutdownIT {

    @Test
    void sigtermStopsTheWorkerWithExitCodeZero() throws Exception {
        Path log = Files.createTempFile("worker", ".log");
        Process worker = start(log, Map.of("QR_WORKER_HEARTBEAT_FILE", log + ".heartbeat"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("Started WorkerApplication")) {
                assertThat(worker.isAlive())
                        .as("worker died: %s", Files.readString(log))
                        .isTrue();
                assertThat(System.nanoTime()).as("worker did not start").isLessThan(deadline);
                Thread.sleep(200);
            }

            worker.destroy(); // SIGTERM

            assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(worker.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            worker.destroyForcibly();
        }
    }

    @Test
    void trainingRunRendersWithoutBrokerOrStorageAndExitsZero() throws Exception {
        Path log = Files.createTempFile("training", ".log");
        Process training = start(
                log,
                Map.of("SPRING_RABBITMQ_ADDRESSES", "amqp://127.0.0.1:1", "QR_STORAGE_ENDPOINT", "http://127.0.0.1:1"),
                "training");
        try {
            assertThat(training.waitFor(90, TimeUnit.SECONDS))
                    .as("training run did not finish")
                    .isTrue();
            assertThat(training.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            training.destroyForcibly();
        }
    }

    private static Process start(Path log, Map<String, String> environment, String... args) throws IOException {
        File jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("qr-worker-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow()
                    .toFile();
        }
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-jar", jar.getPath())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.command().addAll(java.util.List.of(args));
        builder.environment().put("SPRING_RABBITMQ_ADDRESSES", TestServices.rabbitUri());
        builder.environment().putAll(environment);
        return builder.start();
    }
}
