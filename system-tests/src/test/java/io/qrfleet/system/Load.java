package io.qrfleet.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client threads that submit paced jobs (each retried until accepted) until stopped: the load a
 * test lays its faults among. It runs until the last fault is over, so every fault falls among
 * submissions however long it takes.
 */
final class Load {

    private static final Duration GIVE_UP = Duration.ofMinutes(15);
    private static final Duration AWAIT = Duration.ofMinutes(5);

    final Submissions jobs;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final ExecutorService threads;
    private final List<Future<?>> clients = new ArrayList<>();

    Load(String name, int parallel, Duration pace) {
        jobs = new Submissions(name);
        threads = Executors.newFixedThreadPool(parallel);
        Instant deadline = Instant.now().plus(GIVE_UP);
        AtomicInteger numbers = new AtomicInteger();
        for (int t = 0; t < parallel; t++) {
            clients.add(threads.submit(() -> {
                while (!stopped.get() && Instant.now().isBefore(deadline)) {
                    Thread.sleep(pace);
                    jobs.submit(numbers.incrementAndGet(), deadline);
                }
                return null;
            }));
        }
    }

    /** Waits until n more jobs than now were accepted (at most 5 minutes, or until a client died). */
    long awaitMore(int n) throws InterruptedException {
        long want = jobs.accepted() + n;
        Instant deadline = Instant.now().plus(AWAIT);
        while (jobs.accepted() < want
                && Instant.now().isBefore(deadline)
                && clients.stream().noneMatch(Future::isDone)) {
            Thread.sleep(200);
        }
        return jobs.accepted();
    }

    /** Stops the clients once their submissions in flight have their final answers; a client that died says why. */
    void stop() throws InterruptedException, ExecutionException {
        if (stopped.compareAndSet(false, true)) {
            threads.close();
            for (Future<?> client : clients) {
                client.get();
            }
        }
    }
}
