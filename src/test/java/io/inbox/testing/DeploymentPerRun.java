package io.inbox.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.context.annotation.DeploymentScoped;
import org.jboss.arquillian.container.spi.event.DeployDeployment;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.core.api.InstanceProducer;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * With {@code -Dinbox.it.deployment-per-run=true}: the WAR is deployed once per test run, not once per test class,
 * on a server that the run's Arquillian container keeps for the whole run (WildFly, Open Liberty, GlassFish): every
 * {@code ServerIT} deploys the same {@link InboxDeployment#war()}, and each redeployment would cost 10 to 50 s on a
 * busy machine. The first class deploys it; the next ones get the same deployment (its URL, from the adapter's
 * {@link ProtocolMetaData}); it is undeployed when the container stops. Only client-side deployments
 * ({@code testable = false}) of the same archive name on the same container are shared. Payara Micro's container
 * starts a JVM per deployment, and its runs leave this off. Registered in META-INF/services.
 */
public final class DeploymentPerRun implements LoadableExtension {
    static final boolean ENABLED = Boolean.getBoolean("inbox.it.deployment-per-run");

    @Override
    public void register(ExtensionBuilder builder) {
        if (ENABLED) {
            builder.observer(SharedDeployments.class);
        }
    }

    /** The deployments of the run, by container and archive name. */
    public static final class SharedDeployments {
        private static final Logger LOG = Logger.getLogger(SharedDeployments.class.getName());
        private final Map<String, Deployed> deployed = new ConcurrentHashMap<>();

        @Inject
        @DeploymentScoped
        private InstanceProducer<DeploymentDescription> description;

        @Inject
        @DeploymentScoped
        private InstanceProducer<Deployment> deployment;

        @Inject
        @DeploymentScoped
        private InstanceProducer<ProtocolMetaData> metaData;

        private record Deployed(DeployableContainer<?> container, Archive<?> archive, ProtocolMetaData metaData) {
        }

        /** Inside the deployment's context (a lower precedence than Arquillian's context handlers). */
        public void deployOnce(@Observes(precedence = -100) EventContext<DeployDeployment> context) {
            DeployDeployment event = context.getEvent();
            DeploymentDescription wanted = event.getDeployment().getDescription();
            if (!wanted.isArchiveDeployment() || wanted.testable()) {
                context.proceed();
                return;
            }
            String key = key(event.getContainerName(), wanted.getArchive());
            Deployed earlier = deployed.get(key);
            if (earlier == null) {
                context.proceed();
                if (event.getDeployment().isDeployed()) {
                    deployed.put(key, new Deployed(event.getDeployableContainer(), wanted.getArchive(), metaData.get()));
                }
                return;
            }
            LOG.info(() -> "Reusing the deployment of " + wanted.getArchive().getName() + " on " + event.getContainerName());
            description.set(wanted);
            deployment.set(event.getDeployment());
            metaData.set(earlier.metaData());
            event.getDeployment().deployed();
        }

        /** A shared deployment stays until the container stops. */
        public void keepDeployed(@Observes(precedence = -100) EventContext<UnDeployDeployment> context) {
            UnDeployDeployment event = context.getEvent();
            DeploymentDescription description = event.getDeployment().getDescription();
            if (description.isArchiveDeployment() && !description.testable()
                    && deployed.containsKey(key(event.getContainerName(), description.getArchive()))) {
                return;
            }
            context.proceed();
        }

        /** Undeploys what this run deployed, so that the server is left as it was found. */
        public void undeployBeforeStop(@Observes BeforeStop event) {
            List<String> keys = new ArrayList<>();
            deployed.forEach((key, shared) -> {
                if (shared.container() == event.getDeployableContainer()) {
                    keys.add(key);
                }
            });
            for (String key : keys) {
                Deployed shared = deployed.remove(key);
                try {
                    shared.container().undeploy(shared.archive());
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "Could not undeploy " + shared.archive().getName(), e);
                }
            }
        }

        private static String key(String container, Archive<?> archive) {
            return container + "/" + archive.getName();
        }
    }
}
