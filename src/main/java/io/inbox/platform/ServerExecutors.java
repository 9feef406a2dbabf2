package io.inbox.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The server's default managed executors (Jakarta Concurrency), as plain JDK types, so that the beans which
 * need threads take them by constructor and a unit test can hand them ordinary executors instead.
 */
@ApplicationScoped
public class ServerExecutors {
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;
    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private ExecutorService plainExecutor;
    private ScheduledExecutorService plainScheduler;
    private ThreadFactory plainThreads;

    /** For the container, which injects the managed resources. */
    protected ServerExecutors() {
    }

    /** Outside a server (unit tests): ordinary executors. */
    public ServerExecutors(ExecutorService executor, ScheduledExecutorService scheduler, ThreadFactory threads) {
        this.plainExecutor = executor;
        this.plainScheduler = scheduler;
        this.plainThreads = threads;
    }

    /** For short tasks off the caller's thread (closes, replays). */
    public ExecutorService executor() {
        return plainExecutor != null ? plainExecutor : executor;
    }

    /** For timers (heartbeat, expiries, delayed closes). */
    public ScheduledExecutorService scheduler() {
        return plainScheduler != null ? plainScheduler : scheduler;
    }

    /** For the long-running threads of the application (the message writer, the grid publisher). */
    public ThreadFactory threads() {
        return plainThreads != null ? plainThreads : threads;
    }
}
