package io.inbox.cluster;

import com.hazelcast.core.HazelcastInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The data grid the instances of a cluster share: the Hazelcast member that Payara embeds. Looked up only
 * when {@code inbox.cluster.enabled} is true; one instance alone never touches it.
 */
@ApplicationScoped
public class Grid {
    /** Where Payara binds its Hazelcast instance. */
    static final String JNDI_NAME = "payara/Hazelcast";

    /** Whether instances share delivery, presence and limits over the grid (docs/clustering.md). */
    @Inject
    @ConfigProperty(name = "inbox.cluster.enabled", defaultValue = "false")
    boolean enabled;

    private volatile HazelcastInstance instance;

    public boolean enabled() {
        return enabled;
    }

    /** The grid member of this instance; fails when clustering is on but the server runs without a grid. */
    HazelcastInstance instance() {
        HazelcastInstance found = instance;
        if (found == null) {
            try {
                found = (HazelcastInstance) new InitialContext().lookup(JNDI_NAME);
            } catch (NamingException | ClassCastException e) {
                throw new IllegalStateException("inbox.cluster.enabled is true but the server has no data grid at "
                        + JNDI_NAME + " (Payara Micro started with --nohazelcast?)", e);
            }
            if (found == null || !found.getLifecycleService().isRunning()) {
                throw new IllegalStateException("inbox.cluster.enabled is true but the server's data grid is not running");
            }
            instance = found;
        }
        return found;
    }

    /**
     * Whether the grid can be used: always when clustering is off; else when this member runs and the
     * cluster is in a state that accepts operations (not passive or frozen).
     */
    public boolean reachable() {
        if (!enabled) {
            return true;
        }
        try {
            HazelcastInstance grid = instance();
            return grid.getLifecycleService().isRunning()
                    && grid.getCluster().getClusterState() != com.hazelcast.cluster.ClusterState.PASSIVE
                    && grid.getCluster().getClusterState() != com.hazelcast.cluster.ClusterState.FROZEN;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Members of the cluster (1 when clustering is off). */
    public int members() {
        return enabled ? instance().getCluster().getMembers().size() : 1;
    }

    /** This member's id, as other members see it. */
    String memberId() {
        return instance().getCluster().getLocalMember().getUuid().toString();
    }
}
