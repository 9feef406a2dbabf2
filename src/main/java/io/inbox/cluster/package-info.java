/**
 * Scale-out on Payara's embedded Hazelcast, only with {@code inbox.cluster.enabled}: cross-instance delivery
 * through a gap-repairing sequencer, and cluster-wide presence. The only package that touches the grid.
 */
package io.inbox.cluster;
