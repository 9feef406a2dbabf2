package io.inbox.cluster;

import io.inbox.conversation.ConversationDirectory;
import io.inbox.conversation.MessageLog;
import io.inbox.conversation.MessageRepository;
import io.inbox.delivery.Fanout;
import io.inbox.delivery.LocalConnections;
import io.inbox.delivery.LocalFanout;
import io.inbox.platform.ServerExecutors;
import io.inbox.presence.LocalPresenceLedger;
import io.inbox.presence.PresenceLedger;
import io.inbox.protocol.FrameCodec;
import io.inbox.user.LocalProfileBroadcast;
import io.inbox.user.ProfileBroadcast;
import io.inbox.user.UserService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses between one instance (the default: in-memory presence, delivery to this instance's connections
 * only, nothing of the grid touched) and a cluster ({@code inbox.cluster.enabled=true}), whose Hazelcast
 * adapters it creates itself: they are not CDI beans, so that no server loads a Hazelcast type for them
 * when clustering is off (or on a server without Hazelcast). Its own signatures name no Hazelcast type.
 */
@ApplicationScoped
public class ClusterWiring {
    private static final Logger LOG = Logger.getLogger(ClusterWiring.class.getName());

    @Inject
    Grid grid;
    @Inject
    LocalConnections connections;
    @Inject
    MessageRepository messages;
    @Inject
    MessageLog log;
    @Inject
    ConversationDirectory directory;
    @Inject
    FrameCodec codec;
    @Inject
    UserService users;
    @Inject
    ServerExecutors executors;
    /** How long a message missing from the grid may hold up the ones after it before it is read from the database. */
    @Inject
    @ConfigProperty(name = "inbox.cluster.gap-timeout-millis", defaultValue = "1000")
    long gapTimeoutMillis;
    /** How long an unrepairable gap may last before this instance's clients are closed with 1013 to sync. */
    @Inject
    @ConfigProperty(name = "inbox.cluster.gap-give-up-seconds", defaultValue = "30")
    long giveUpSeconds;
    /** Most messages held behind a gap; more start the repair at once. */
    @Inject
    @ConfigProperty(name = "inbox.cluster.max-held-messages", defaultValue = "10000")
    int maxHeld;
    /** Frames waiting to be published to the grid; when full, a frame reaches this instance only (messages are then repaired elsewhere). */
    @Inject
    @ConfigProperty(name = "inbox.cluster.publish-queue-capacity", defaultValue = "100000")
    int publishQueueCapacity;

    /** The cluster's fan-out, once created (null on one instance). */
    private Fanout clusterFanout;
    /** The same fan-out, announcing changed profiles (null on one instance). */
    private ProfileBroadcast clusterProfiles;
    /** The cluster's presence ledger, once created (null on one instance). */
    private PresenceLedger clusterLedger;
    /** Stops the cluster's fan-out (nothing on one instance). */
    private Runnable stopFanout = () -> { };

    @Produces
    @ApplicationScoped
    Fanout fanout(LocalFanout local) {
        return grid.enabled() ? clusterFanout() : local;
    }

    @Produces
    @ApplicationScoped
    PresenceLedger presenceLedger(LocalPresenceLedger local) {
        return grid.enabled() ? clusterLedger() : local;
    }

    /** In a cluster, a changed profile is announced over the grid with the frames (see {@link ClusterFanout}). */
    @Produces
    @ApplicationScoped
    ProfileBroadcast profileBroadcast(LocalProfileBroadcast local) {
        return grid.enabled() ? clusterProfiles() : local;
    }

    /** In a cluster, joins at startup: other instances' frames must reach this one before its first client. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (grid.enabled()) {
            clusterFanout().deliveredUpTo();
            clusterLedger().find(List.of());
            LOG.info(() -> "Clustering on: member " + grid.member().memberId() + ", cluster of " + grid.members() + " members");
        }
    }

    // interface types only in signatures and fields: reflecting on this bean must not load a class naming Hazelcast
    private synchronized Fanout clusterFanout() {
        if (clusterFanout == null) {
            ClusterFanout fanout = new ClusterFanout(grid.member(), connections, messages, log, directory, codec, users,
                    executors.threads(), executors.scheduler(),
                    new ClusterFanout.Settings(gapTimeoutMillis, giveUpSeconds, maxHeld, publishQueueCapacity));
            fanout.start();
            clusterFanout = fanout;
            clusterProfiles = fanout;
            stopFanout = fanout::stop;
        }
        return clusterFanout;
    }

    private synchronized ProfileBroadcast clusterProfiles() {
        clusterFanout();
        return clusterProfiles;
    }

    private synchronized PresenceLedger clusterLedger() {
        if (clusterLedger == null) {
            ClusterPresenceLedger ledger = new ClusterPresenceLedger(grid.member(), users, executors.executor());
            ledger.start();
            clusterLedger = ledger;
        }
        return clusterLedger;
    }

    @PreDestroy
    synchronized void stop() {
        stopFanout.run();
    }
}
