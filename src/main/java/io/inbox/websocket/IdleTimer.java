package io.inbox.websocket;

import jakarta.websocket.Session;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the container's WebSocket idle timeout off for a session, including its cost.
 *
 * <p>Inbox finds dead peers with its own heartbeat, so sessions have no idle timeout. But Tyrus (the
 * WebSocket implementation of Payara and GlassFish) reschedules its idle timer on every frame received and
 * sent even when the timeout is 0: a task that does nothing, submitted to the server's managed scheduled
 * executor, which captures the caller's context with a {@code ServiceLoader} scan of every jar of the server.
 * Measured: two thirds of the server's CPU at 5,000 messages/s (docs/benchmarks.md). So, on a Tyrus session,
 * the session's scheduler is wrapped to drop exactly those no-op submissions (the idle-timeout task with a
 * zero delay); everything else goes to the container's executor unchanged. On another WebSocket
 * implementation, or if Tyrus changes shape, only the standard {@code setMaxIdleTimeout(0)} is applied.
 */
final class IdleTimer {
    private static final Logger LOG = Logger.getLogger(IdleTimer.class.getName());
    private static final String IDLE_TIMEOUT_TASK = "$IdleTimeoutCommand";
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private IdleTimer() {
    }

    static void disable(Session session) {
        session.setMaxIdleTimeout(0);
        skipNoOpIdleTasks(session);
    }

    /** Wraps the scheduler of a Tyrus session object; no-op for anything else. */
    static void skipNoOpIdleTasks(Object session) {
        Field scheduler = schedulerField(session.getClass());
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.setAccessible(true);
            ScheduledExecutorService current = (ScheduledExecutorService) scheduler.get(session);
            if (current != null && !(Proxy.isProxyClass(current.getClass())
                    && Proxy.getInvocationHandler(current) instanceof SkipNoOpIdleTask)) {
                scheduler.set(session, Proxy.newProxyInstance(IdleTimer.class.getClassLoader(),
                        new Class<?>[] {ScheduledExecutorService.class}, new SkipNoOpIdleTask(current)));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "Cannot skip the WebSocket container's idle-timer rescheduling; every frame will cost"
                        + " one scheduled no-op task", e);
            }
        }
    }

    /** Tyrus' session keeps its scheduler in a field named {@code service}. */
    private static Field schedulerField(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (!c.getName().startsWith("org.glassfish.tyrus.")) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("service") && f.getType() == ScheduledExecutorService.class) {
                    return f;
                }
            }
        }
        return null;
    }

    private static final class SkipNoOpIdleTask implements InvocationHandler {
        private final ScheduledExecutorService container;

        SkipNoOpIdleTask(ScheduledExecutorService container) {
            this.container = container;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("schedule") && args.length == 3 && args[0] instanceof Runnable task
                    && task.getClass().getName().endsWith(IDLE_TIMEOUT_TASK) && ((Long) args[1]) <= 0) {
                return Done.INSTANCE; // the task would run now and see that the timeout is off
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "IdleTimer(" + container + ")";
                };
            }
            try {
                return method.invoke(container, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** A finished no-op: what cancelling or awaiting the skipped idle task sees. */
    private static final class Done extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        static final Done INSTANCE = new Done();

        private Done() {
            complete(null);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
