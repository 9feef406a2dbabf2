package io.inbox.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this instance is part of a cluster, and the state of the grid the instances share (readiness,
 * admin stats). Names no Hazelcast type: the grid itself ({@link HazelcastGrid}) is looked up only when
 * {@code inbox.cluster.enabled} is true; one instance alone never loads a Hazelcast class.
 */
@ApplicationScoped
public class Grid {
    /** Whether instances share delivery, presence and limits over the grid (docs/clustering.md). */
    @Inject
    @ConfigProperty(name = "inbox.cluster.enabled", defaultValue = "false")
    boolean enabled;

    private volatile HazelcastGrid grid;

    public boolean enabled() {
        return enabled;
    }

    /** The grid member of this instance; fails when clustering is on but the server runs without a grid. */
    HazelcastGrid member() {
        HazelcastGrid found = grid;
        if (found == null) {
            found = HazelcastGrid.lookUp();
            grid = found;
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
            return member().reachable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Members of the cluster (1 when clustering is off). */
    public int members() {
        return enabled ? member().members() : 1;
    }
}
