/**
 * Scale-out on Payara's embedded Hazelcast, only with {@code inbox.cluster.enabled}: cross-instance delivery
 * through a gap-repairing sequencer, and cluster-wide presence. The only package that touches the grid; its
 * classes that name Hazelcast types are no CDI beans and are created only when clustering is on.
 */
package io.inbox.cluster;
