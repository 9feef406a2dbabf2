package org.glassfish.tyrus.fake;

import java.util.concurrent.ScheduledExecutorService;

/** Stands in for Tyrus' session in IdleTimerTest: same package prefix, same field, same idle-task class name. */
public class FakeTyrusSession {
    private final ScheduledExecutorService service;

    public FakeTyrusSession(ScheduledExecutorService service) {
        this.service = service;
    }

    public ScheduledExecutorService scheduler() {
        return service;
    }

    /** What Tyrus schedules on every frame. */
    public static final class IdleTimeoutCommand implements Runnable {
        @Override
        public void run() {
        }
    }
}
