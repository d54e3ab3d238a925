package io.qrfleet.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's containers, through the docker CLI of the engine the scripts brought the stack up on
 * ({@code -Dqr.compose-project} names the Compose project): the faults the tests lay (kill, stop,
 * start, restart, a JVM crashed from the host) and what only a container shows (RabbitMQ's and
 * PostgreSQL's own command-line tools).
 */
final class Containers {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String DB_USER = System.getProperty("qr.db-user", "qrfleet");
    private static final Pattern NUMBER = Pattern.compile("(\\d+)$");

    private Containers() {}

    /** The service's containers, stopped ones included, in Compose's numbering (…_1 or …-1 first). */
    static List<String> of(String service) {
        String project = System.getProperty("qr.compose-project", "");
        if (project.isBlank()) {
            throw new IllegalStateException("-Dqr.compose-project is not set: the Compose project of the stack");
        }
        return docker(
                        "ps",
                        "-a",
                        "--no-trunc",
                        "--filter",
                        "label=com.docker.compose.project=" + project,
                        "--filter",
                        "label=com.docker.compose.service=" + service,
                        "--format",
                        "{{.Names}} {{.ID}}")
                .lines()
                .filter(line -> !line.isBlank())
                .map(line -> line.strip().split(" "))
                .sorted(Comparator.comparingInt(fields -> number(fields[0])))
                .map(fields -> fields[fields.length - 1])
                .toList();
    }

    private static int number(String name) {
        Matcher digits = NUMBER.matcher(name);
        return digits.find() ? Integer.parseInt(digits.group(1)) : 0;
    }

    static String first(String service) {
        List<String> ids = of(service);
        if (ids.isEmpty()) {
            throw new IllegalStateException("no container of the service " + service);
        }
        return ids.getFirst();
    }

    static void kill(String id) {
        docker("kill", "-s", "KILL", id);
    }

    static void stop(String id, int seconds) {
        docker("stop", "-t", String.valueOf(seconds), id);
    }

    static void start(String id) {
        docker("start", id);
    }

    static void restart(String id, int seconds) {
        docker("restart", "-t", String.valueOf(seconds), id);
    }

    static String inspect(String id, String format) {
        return docker("inspect", "-f", format, id).strip();
    }

    static boolean running(String id) {
        return inspect(id, "{{.State.Running}}").equals("true");
    }

    static boolean healthy(String id) {
        return inspect(id, "{{if .State.Health}}{{.State.Health.Status}}{{end}}")
                .equals("healthy");
    }

    /**
     * The container's main process as the host sees it, the way the kernel's OOM killer would kill
     * it; empty when the engine runs elsewhere (its processes are not visible from here).
     */
    static Optional<ProcessHandle> hostProcess(String id) {
        long pid = Long.parseLong(inspect(id, "{{.State.Pid}}"));
        return pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    }

    static String exec(String id, String... command) {
        return exec(COMMAND_TIMEOUT, id, command);
    }

    static String exec(Duration timeout, String id, String... command) {
        List<String> args = new ArrayList<>(List.of("exec", id));
        args.addAll(List.of(command));
        return docker(timeout, args.toArray(String[]::new));
    }

    /** One SQL statement in the postgres container (psql over its socket): unaligned, columns split by |. */
    static String sql(String query) {
        return exec(first("postgres"), "psql", "-U", DB_USER, "-d", "qrfleet", "-Atc", query)
                .strip();
    }

    /** A docker command's output; it failed or timed out: an exception with its error output. */
    static String docker(String... args) {
        return docker(COMMAND_TIMEOUT, args);
    }

    private static String docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("docker", ".out");
            Path err = Files.createTempFile("docker", ".err");
            try {
                // files, not pipes: a command through the engine has been seen to outlive its output
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + ": no exit within " + timeout);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + ": exit " + process.exitValue() + ": "
                            + Files.readString(err, StandardCharsets.UTF_8).strip());
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
