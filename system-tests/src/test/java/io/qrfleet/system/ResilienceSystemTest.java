package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The resilience test's faults (infra/scripts/chaos.sh brings the stack up with two workers and API
 * keys on, then runs this): each phase lays its faults among submissions and proves nothing
 * accepted is lost. Needs {@code -Dqr.compose-project} and {@code -Dqr.api-key}.
 */
@Tag("faults")
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ResilienceSystemTest {

    private static final int PARALLEL = Integer.getInteger("qr.parallel", 8);
    private static final Duration PACE = Duration.ofSeconds(Integer.getInteger("qr.pace", 2));
    private static final Duration PG_OUTAGE = Duration.ofSeconds(Integer.getInteger("qr.pg-outage", 15));
    private static final int BURST = Integer.getInteger("qr.burst", 1500);
    private static final int BURST_PARALLEL = Integer.getInteger("qr.burst-parallel", 64);
    private static final Duration RETRY = Duration.ofMinutes(10);

    /** Waits until /api/health answers {@code code}; that answer. */
    static Stack.Health health(int code, Duration within) {
        return await().atMost(within)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(Stack::health, health -> health.code() == code);
    }

    /**
     * Stops the service's container and judges the first /api/health that answers 503: it names
     * {@code component} DOWN. Returns when the stop had completed.
     */
    static Instant stopSeeingItDown(String service, int stopSeconds, String component) {
        Containers.stop(Containers.first(service), stopSeconds);
        Instant stopped = Instant.now();
        assertThat(health(503, Duration.ofSeconds(60)).component(component)).isEqualTo("DOWN");
        return stopped;
    }

    /** Waits until the container runs again, started anew; false when it did not within the time. */
    static boolean restarted(String id, String startedBefore, Duration within) {
        try {
            await().atMost(within)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Containers.running(id)
                            && !Containers.inspect(id, "{{.State.StartedAt}}").equals(startedBefore));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Sends 40 jobs (the proxy's burst) and waits until some are accepted: the workers' prefetch is full. */
    static CompletableFuture<List<String>> burstBeforeAKill(Submissions jobs) {
        CompletableFuture<List<String>> burst = CompletableFuture.supplyAsync(
                () -> jobs.burst(40, 8, Instant.now().plus(RETRY)));
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs.accepted() >= 8 || burst.isDone());
        return burst;
    }

    static long jobsWhere(String condition) {
        return Long.parseLong(Containers.sql("select count(*) from jobs where " + condition));
    }

    /**
     * 1. A worker SIGKILLed and another's JVM crashed during bursts, RabbitMQ stopped, MinIO
     * stopped for 10 s: health names what is away, and every job accepted is done.
     */
    @Nested
    @Order(1)
    class Faults extends UnderLoad {

        private final List<String> workers = Containers.of("worker");
        private final Submissions killBurst = new Submissions("kill1");
        private final Submissions crashBurst = new Submissions("kill2");
        private CompletableFuture<List<String>> killSent = CompletableFuture.completedFuture(List.of());
        private CompletableFuture<List<String>> crashSent = CompletableFuture.completedFuture(List.of());
        private Instant killed = Instant.MAX;
        private Instant brokerStopped = Instant.MAX;
        private Instant storageBack = Instant.MAX;

        Faults() {
            super(new Load("chaos", PARALLEL, PACE), 100);
        }

        /**
         * {@code docker kill}: the engine records an explicit kill, so whether the restart policy
         * (unless-stopped) brings it back depends on the engine (podman: never); it runs again either way.
         */
        @Test
        @Order(1)
        void aWorkerKilledDuringABurstRunsAgain() throws Exception {
            load.awaitMore(16);
            String victim = workers.get(0);
            String startedBefore = Containers.inspect(victim, "{{.State.StartedAt}}");
            killSent = burstBeforeAKill(killBurst);
            Containers.kill(victim);
            killed = Instant.now();
            Stack.note(load.jobs.accepted() + " accepted: worker " + victim.substring(0, 12)
                    + " killed during a burst of 40");
            if (restarted(victim, startedBefore, Duration.ofSeconds(10))) {
                Stack.note("the engine restarted the docker-killed worker by itself");
            } else {
                Stack.note("the engine did not restart a docker-killed worker within 10 s: started by hand");
                Containers.start(victim);
            }
            assertThat(Containers.running(victim)).isTrue();
        }

        /** A crash: the worker's JVM SIGKILLed from the host, as the kernel's OOM killer does. */
        @Test
        @Order(2)
        void aCrashedWorkerIsBroughtBackByItsRestartPolicy() throws Exception {
            load.awaitMore(16);
            String victim = workers.get(1);
            Optional<ProcessHandle> jvm = Containers.hostProcess(victim);
            assumeThat(jvm).as("the engine's processes are visible from here").isPresent();
            String startedBefore = Containers.inspect(victim, "{{.State.StartedAt}}");
            crashSent = burstBeforeAKill(crashBurst);
            jvm.get().destroyForcibly();
            Stack.note(load.jobs.accepted() + " accepted: worker " + victim.substring(0, 12) + " crashed (host pid "
                    + jvm.get().pid() + " SIGKILLed) during a burst of 40");
            boolean back = restarted(victim, startedBefore, Duration.ofSeconds(120));
            if (!back) {
                Containers.start(victim);
            }
            assertThat(back).as("restarted within 120 s by the restart policy").isTrue();
        }

        @Test
        @Order(3)
        void rabbitMqStoppedHealthIs503NamingTheBrokerDown() throws Exception {
            load.awaitMore(16);
            brokerStopped = stopSeeingItDown("rabbitmq", 10, "broker");
        }

        @Test
        @Order(4)
        void rabbitMqStartedHealthIs200AgainTheGatewayReconnectedByItself() {
            Containers.start(Containers.first("rabbitmq"));
            health(200, Duration.ofSeconds(240));
        }

        @Test
        @Order(5)
        void minioStoppedHealthIs503NamingTheStorageDown() throws Exception {
            load.awaitMore(16);
            Instant stopping = Instant.now();
            stopSeeingItDown("minio", 5, "storage");
            until(stopping.plusSeconds(10)); // an outage of 10 s
        }

        @Test
        @Order(6)
        void minioBackHealthIs200Again() throws Exception {
            Containers.start(Containers.first("minio"));
            storageBack = Instant.now();
            health(200, Duration.ofSeconds(180));
            load.awaitMore(16); // the last fault is over
            Stack.note("accepted after the kill / RabbitMQ's stop / MinIO's return: " + load.jobs.acceptedAfter(killed)
                    + " / " + load.jobs.acceptedAfter(brokerStopped) + " / " + load.jobs.acceptedAfter(storageBack));
        }

        @Test
        @Order(103)
        void theBurstsAtTheKillsGotOnly202or409or429or503WithRetryAfter() {
            Map<String, Long> answers = new TreeMap<>(killBurst.answers());
            crashBurst.answers().forEach((code, n) -> answers.merge(code, n, Long::sum));
            Stack.note("the bursts' answers: " + answers);
            assertThat(answers).isNotEmpty();
            assertThat(answers.keySet()).isSubsetOf("202", "409", "429", "503");
        }

        @Test
        @Order(104)
        void everyJobOfTheBurstAtTheDockerKillIsDone() {
            assertEveryJobDone(killSent, killBurst);
        }

        @Test
        @Order(105)
        void everyJobOfTheBurstAtTheCrashIsDone() {
            assumeThat(crashBurst.size()).as("a crash was laid").isPositive();
            assertEveryJobDone(crashSent, crashBurst);
        }

        private void assertEveryJobDone(CompletableFuture<List<String>> sending, Submissions burst) {
            assertThat(sending.join()).as("submissions that failed").isEmpty();
            assertThat(burst.accepted()).isPositive();
            assertThat(burst.notDone(DONE_TIMEOUT)).isEmpty();
        }

        /** Without a restart of anything: the gateway takes jobs and the workers do them. */
        @Test
        @Order(106)
        void afterTheFaults20NewJobsAreAcceptedAndDone() {
            Submissions after = new Submissions("after");
            assertThat(after.burst(20, 4, Instant.now().plus(RETRY))).isEmpty();
            assertThat(after.accepted()).isEqualTo(20);
            assertThat(after.notDone(DONE_TIMEOUT)).isEmpty();
        }

        @Test
        @Order(107)
        void bothWorkersRunAndAreHealthyAfterTheFaults() {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> workers.stream().filter(Containers::healthy).count() == workers.size());
        }

        @Test
        @Order(108)
        void theDeadLetterQueueIsEmpty() {
            assertThat(Broker.SINGLE.depth("qr.jobs.dead")).isZero();
        }
    }

    /**
     * 1b. PostgreSQL stopped under load. Only the gateway uses it: a submission or a job read gets
     * 503 + Retry-After meanwhile; the workers go on with the jobs accepted before, their results
     * wait in the broker until the gateway can apply them.
     */
    @Nested
    @Order(2)
    class DatabaseOutage extends UnderLoad {

        private final String gateway = Containers.first("gateway");
        private final String restartsBefore = Containers.inspect(gateway, "{{.RestartCount}}");
        private Instant stopped = Instant.MAX;

        DatabaseOutage() {
            super(new Load("pg", 4, Duration.ofSeconds(1)), 1);
        }

        @Test
        @Order(1)
        void postgresStoppedHealthIs503NamingTheDatabaseDown() throws Exception {
            load.awaitMore(16);
            stopped = stopSeeingItDown("postgres", 10, "database");
        }

        /** The gateway's own 503 (not the proxy's page for an unreachable or timed-out gateway). */
        @RepeatedTest(3)
        @Order(2)
        void aSubmissionGetsTheGateways503ProblemWithRetryAfter() {
            HttpResponse<byte[]> answer = Stack.post(
                    "/api/v1/jobs",
                    "application/json",
                    ("{\"content\":\"" + Submissions.RUN + "/pg-outage\"}").getBytes(StandardCharsets.UTF_8),
                    Stack.key());
            assertGatewaysUnavailable(answer);
        }

        @Test
        @Order(3)
        void aReadOfAnAcceptedJobGets503() {
            String id = load.jobs.firstAcceptedId().orElseThrow();
            assertThat(Stack.get("/api/v1/jobs/" + id, Stack.key()).statusCode())
                    .isEqualTo(503);
        }

        @Test
        @Order(4)
        void aBatchGetsTheGateways503ProblemWithRetryAfter() {
            assertGatewaysUnavailable(Stack.post(
                    "/api/v1/batches",
                    "text/csv",
                    ("content\n" + Submissions.RUN + "/pg-outage/batch\n").getBytes(StandardCharsets.UTF_8),
                    Stack.key()));
        }

        @Test
        @Order(5)
        void aNewCodeByUrlGetsTheGateways503ProblemWithRetryAfter() {
            assertGatewaysUnavailable(Stack.get("/api/v1/qr?data="
                    + URLEncoder.encode(Submissions.RUN + "/pg-outage/code", StandardCharsets.UTF_8)));
        }

        @Test
        @Order(6)
        void postgresBackHealthIs200DatabaseUpTheGatewayNotRestarted() throws Exception {
            until(stopped.plus(PG_OUTAGE));
            Containers.start(Containers.first("postgres"));
            Instant started = Instant.now();
            assertThat(health(200, Duration.ofSeconds(180)).component("database"))
                    .isEqualTo("UP");
            assertThat(Containers.inspect(gateway, "{{.RestartCount}}")).isEqualTo(restartsBefore);
            load.awaitMore(16);
            Stack.note("accepted before the stop / after the start: "
                    + (load.jobs.accepted() - load.jobs.acceptedAfter(stopped)) + " / "
                    + load.jobs.acceptedAfter(started));
        }

        private void assertGatewaysUnavailable(HttpResponse<byte[]> answer) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(Stack.header(answer, "Content-Type")).startsWith("application/problem+json");
            assertThat(Stack.header(answer, "Retry-After")).isNotEmpty();
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("database is unavailable");
        }
    }

    /**
     * 1c. A RabbitMQ disk alarm blocks every connection that publishes. A worker reports a result
     * with a confirm before it acknowledges the job, so during the alarm it renders and holds its
     * jobs (neither failed nor dead-lettered), done once the alarm ends; the gateway answers new
     * submissions 503 + Retry-After meanwhile.
     */
    @Nested
    @Order(3)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class DiskAlarm {

        private final List<String> workers = Containers.of("worker");
        private final Submissions queued = new Submissions("alarm");
        private final Submissions during = new Submissions("alarm-during");

        @Test
        @Order(1)
        void duringTheAlarmASubmissionGets503WithRetryAfter() {
            workers.forEach(worker -> Containers.stop(worker, 10));
            assertThat(queued.burst(40, 4, Instant.now())).isEmpty();
            Broker.SINGLE.diskFreeLimit("1000GB");
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> during.submit(during.size() + 1, Instant.now()).code() == 503);
            assertThat(during.answers()).containsKey("503");
        }

        /** With the workers stopped a long poll is held: the proxy holds 64 of one client's at once. */
        @Test
        @Order(2)
        void of72LongPollsAtOnceFromOneClientTheProxyHolds64TheRestGet429() {
            String held = queued.firstAcceptedId().orElseThrow();
            Map<String, Long> codes = all(
                    72,
                    72,
                    n -> Stack.get("/api/v1/jobs/" + held + "?waitSeconds=10").statusCode());
            Stack.note("72 long polls: " + codes);
            assertThat(codes.keySet()).isSubsetOf("200", "429");
            assertThat(codes.getOrDefault("429", 0L)).isGreaterThanOrEqualTo(8);
        }

        @Test
        @Order(3)
        void duringTheAlarmTheWorkersHoldTheQueuedJobsNoneFailedOrDeadLettered() {
            long dead = Broker.SINGLE.depth("qr.jobs.dead");
            long failed = jobsWhere("status = 'FAILED'");
            workers.forEach(Containers::start);
            // the workers take the queued jobs (unacknowledged: rendered, not reportable) and hold them
            await().atMost(Duration.ofSeconds(90)).until(() -> Broker.SINGLE.unacknowledged("qr.jobs.interactive") > 0);
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(30))
                    .until(() ->
                            Broker.SINGLE.depth("qr.jobs.dead") == dead && jobsWhere("status = 'FAILED'") == failed);
        }

        @Test
        @Order(4)
        void afterTheAlarmEveryJobQueuedBeforeItIsDone() {
            Broker.SINGLE.diskFreeLimit("256MiB");
            assertThat(queued.accepted()).isEqualTo(40);
            assertThat(queued.notDone(Duration.ofSeconds(180))).isEmpty();
            assertThat(during.notDone(Duration.ofSeconds(180))).isEmpty();
        }

        @Test
        @Order(5)
        void afterTheAlarmTheInteractiveQueueDrains() {
            // the broker's counts lag behind by a few seconds
            await().atMost(Duration.ofSeconds(60)).until(() -> Broker.SINGLE.depth("qr.jobs.interactive") == 0);
        }

        @AfterAll
        void endTheAlarm() {
            Broker.SINGLE.diskFreeLimit("256MiB");
            workers.stream().filter(worker -> !Containers.running(worker)).forEach(Containers::start);
        }
    }

    /** 2. Overload at the proxy's default limits: a burst of submissions, then codes by URL. */
    @Nested
    @Order(4)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Overload {

        private static final List<String> SECURITY_HEADERS = List.of(
                "X-Content-Type-Options",
                "X-Frame-Options",
                "Referrer-Policy",
                "Permissions-Policy",
                "Cross-Origin-Opener-Policy",
                "Content-Security-Policy");

        private final Submissions burst = new Submissions("burst");

        /** Each sent once, BURST_PARALLEL in flight: more than the proxy's rate limit lets through. */
        @Test
        @Order(1)
        void aBurstOfSubmissionsGetsOnly202or429or503WithRetryAfter() {
            assertThat(burst.burst(BURST, BURST_PARALLEL, Instant.now())).isEmpty();
            Stack.note(BURST + " submissions, " + BURST_PARALLEL + " at a time: " + burst.answers());
            assertThat(burst.answers().keySet()).isSubsetOf("202", "429", "503");
        }

        @Test
        @Order(2)
        void theProxyRefusedSome429AndAcceptedSome() {
            assertThat(burst.answers()).containsKeys("202", "429");
        }

        @Test
        @Order(3)
        void everyAcceptedJobOfTheBurstIsDone() {
            assertThat(burst.notDone(UnderLoad.DONE_TIMEOUT)).isEmpty();
        }

        /** The database's view of the whole run: a submission answered 503 left no row queued for nothing. */
        @Test
        @Order(4)
        void noJobRowOfTheRunIsLeftQueuedOrProcessing() {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(3))
                    .until(() -> jobsWhere("status in ('QUEUED', 'PROCESSING')")
                                    + Long.parseLong(
                                            Containers.sql(
                                                    "select count(*) from batch_items where status in ('QUEUED', 'PROCESSING')"))
                            == 0);
        }

        /** A hit spends no rate limit: 1,000 requests for one cached code, 32 at a time. */
        @Test
        @Order(5)
        void aThousandRequestsForACachedCodeAreAll200FromTheCache() {
            String cached = codeUrl("cached");
            Stack.get(cached);
            Map<String, Long> answers = all(1000, 32, n -> {
                HttpResponse<byte[]> answer = Stack.get(cached);
                return answer.statusCode() + " " + Stack.header(answer, "X-Cache-Status");
            });
            Stack.note("1000 hits: " + answers);
            assertThat(answers).containsOnlyKeys("200 HIT");
        }

        /** 32 at a time: more than the 16 renders a client may wait for, so misses meet 429. */
        @Test
        @Order(6)
        void newCodesMeet429EachRefusalAProblemWithRetryAfterAndTheSecurityHeaders() {
            Map<String, Long> answers = all(200, 32, n -> {
                HttpResponse<byte[]> answer = Stack.get(codeUrl(String.valueOf(n)));
                int code = answer.statusCode();
                if (code == 200) {
                    return "200";
                }
                boolean problem = Stack.header(answer, "Content-Type").startsWith("application/problem+json");
                boolean retry = !Stack.header(answer, "Retry-After").isEmpty();
                boolean headersOnce = SECURITY_HEADERS.stream()
                        .allMatch(name -> answer.headers().allValues(name).size() == 1);
                return code
                        + (problem && retry ? "" : "-without-problem-or-Retry-After")
                        + (headersOnce ? "" : "-without-each-security-header-once");
            });
            Stack.note("200 misses: " + answers);
            assertThat(answers.keySet()).isSubsetOf("200", "429", "503").contains("429");
        }

        private String codeUrl(String name) {
            return "/api/v1/qr?size=128&data="
                    + URLEncoder.encode(Submissions.RUN + "/code-burst/" + name, StandardCharsets.UTF_8);
        }
    }

    /** n calls, {@code parallel} at a time, their answers counted (a call that threw: its exception). */
    static Map<String, Long> all(int n, int parallel, IntFunction<Object> call) {
        Map<String, Long> counted = new TreeMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<Object>> calls = IntStream.rangeClosed(1, n)
                    .mapToObj(i -> pool.submit(() -> call.apply(i)))
                    .toList();
            for (Future<Object> answer : calls) {
                String label;
                try {
                    label = String.valueOf(answer.get());
                } catch (ExecutionException e) {
                    label = e.getCause().toString();
                }
                counted.merge(label, 1L, Long::sum);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return counted;
    }

    /** The rest of an outage's set length. */
    static void until(Instant end) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), end);
        if (left.isPositive()) {
            Thread.sleep(left);
        }
    }
}
