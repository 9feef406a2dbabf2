package io.inbox.cluster;

import io.inbox.delivery.Fanout;
import io.inbox.delivery.LocalFanout;
import io.inbox.presence.LocalPresenceLedger;
import io.inbox.presence.PresenceLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Chooses between one instance (the default: in-memory presence, delivery to this instance's connections
 * only, nothing of the grid touched) and a cluster ({@code inbox.cluster.enabled=true}).
 */
@ApplicationScoped
public class ClusterWiring {
    private static final Logger LOG = Logger.getLogger(ClusterWiring.class.getName());

    @Inject
    Grid grid;

    @Produces
    @ApplicationScoped
    Fanout fanout(LocalFanout local, Instance<ClusterFanout> cluster) {
        return grid.enabled() ? cluster.get() : local;
    }

    @Produces
    @ApplicationScoped
    PresenceLedger presenceLedger(LocalPresenceLedger local, Instance<ClusterPresenceLedger> cluster) {
        return grid.enabled() ? cluster.get() : local;
    }

    /** In a cluster, joins at startup: other instances' frames must reach this one before its first client. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started, Instance<ClusterFanout> fanout,
               Instance<ClusterPresenceLedger> ledger) {
        if (grid.enabled()) {
            fanout.get().deliveredUpTo();
            ledger.get().find(java.util.List.of());
            LOG.info(() -> "Clustering on: member " + grid.memberId() + ", cluster of "
                    + grid.instance().getCluster().getMembers().size() + " members");
        }
    }
}
