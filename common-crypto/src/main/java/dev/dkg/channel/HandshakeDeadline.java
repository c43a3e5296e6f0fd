package dev.dkg.channel;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the whole handshake in time, not just each read: a peer that trickles one byte per read timeout
 * would otherwise hold a connection for ever. On expiry the connection gets ERROR timeout and is closed.
 */
final class HandshakeDeadline {
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "dkg-handshake-deadline");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private final ScheduledFuture<?> task;

    private HandshakeDeadline(ScheduledFuture<?> task) {
        this.task = task;
    }

    static HandshakeDeadline start(Duration deadline, FramedSocket link) {
        return new HandshakeDeadline(schedule(link::expire, deadline));
    }

    /** Runs {@code task} after {@code delay} on the channel package's one timer thread (also the write deadline's). */
    static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return TIMER.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the timer; the caller then checks {@link FramedSocket#expired()} for a race with expiry. */
    void cancel() {
        task.cancel(false);
    }
}
