package io.inbox.cluster;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The Hazelcast member that Payara embeds, looked up by {@link Grid} only when clustering is on. Like every
 * class of this package that names a Hazelcast type, it carries no container annotation and is created with
 * {@code new} by {@link Grid} or {@link ClusterWiring}: no server scans or loads it, so the WAR deploys on
 * servers without Hazelcast.
 */
final class HazelcastGrid {
    /** Where Payara binds its Hazelcast instance. */
    static final String JNDI_NAME = "payara/Hazelcast";

    private final HazelcastInstance instance;

    private HazelcastGrid(HazelcastInstance instance) {
        this.instance = instance;
    }

    /** The server's grid member; fails when the server runs without one. */
    static HazelcastGrid lookUp() {
        HazelcastInstance found;
        try {
            found = (HazelcastInstance) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("inbox.cluster.enabled is true but the server has no data grid at "
                    + JNDI_NAME + " (Payara Micro started with --nohazelcast, or not Payara?)", e);
        }
        if (found == null || !found.getLifecycleService().isRunning()) {
            throw new IllegalStateException("inbox.cluster.enabled is true but the server's data grid is not running");
        }
        return new HazelcastGrid(found);
    }

    HazelcastInstance instance() {
        return instance;
    }

    /** This member runs and the cluster is in a state that accepts operations (not passive or frozen). */
    boolean reachable() {
        ClusterState state = instance.getCluster().getClusterState();
        return instance.getLifecycleService().isRunning() && state != ClusterState.PASSIVE && state != ClusterState.FROZEN;
    }

    int members() {
        return instance.getCluster().getMembers().size();
    }

    /** This member's id, as other members see it. */
    String memberId() {
        return instance.getCluster().getLocalMember().getUuid().toString();
    }
}
