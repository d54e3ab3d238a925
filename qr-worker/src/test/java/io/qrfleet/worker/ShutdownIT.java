package io.qrfleet.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.test.TestServices;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged worker, started as its own process, stops on SIGTERM with exit code 0. */
class ShutdownIT {

    @Test
    void sigtermStopsTheWorkerWithExitCodeZero() throws Exception {
        File jar = Files.list(Path.of("target"))
                .filter(p -> p.getFileName().toString().matches("qr-worker-.*\\.jar"))
                .findFirst().orElseThrow().toFile();
        Path log = Files.createTempFile("worker", ".log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.getPath()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPRING_RABBITMQ_ADDRESSES", TestServices.rabbitUri());
        builder.environment().put("QR_WORKER_HEARTBEAT_FILE", log + ".heartbeat");
        Process worker = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("Started WorkerApplication")) {
                assertThat(worker.isAlive()).as("worker died: %s", Files.readString(log)).isTrue();
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
}
