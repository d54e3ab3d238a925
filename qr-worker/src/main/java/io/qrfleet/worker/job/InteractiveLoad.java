package io.qrfleet.worker.job;

import org.springframework.stereotype.Component;

/**
 * Interactive jobs this worker is processing right now. The bulk consumer waits until there are
 * none before it starts a batch row, so a burst of single jobs gets every core of the worker and
 * waits behind at most the one row already rendering.
 */
@Component
class InteractiveLoad {

    private int inFlight;

    synchronized void started() {
        inFlight++;
    }

    synchronized void finished() {
        if (--inFlight == 0) {
            notifyAll();
        }
    }

    synchronized void awaitIdle() throws InterruptedException {
        while (inFlight > 0) {
            wait();
        }
    }
}
