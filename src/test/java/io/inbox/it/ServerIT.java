package io.inbox.it;

import io.inbox.testing.Api;
import io.inbox.testing.InboxDeployment;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the Arquillian integration tests: the real WAR on the server of the run's Arquillian container (Payara
 * Micro by default, one JVM per test class; WildFly, Open Liberty or GlassFish in their runs, one server per run),
 * driven from outside as a client would. {@link #baseUrl} is where the container says the deployment is served.
 * Every subclass runs on every server ({@link ServerTags#ANY_SERVER}), less its tests tagged with a feature that
 * a server does not serve.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@Tag(ServerTags.ANY_SERVER)
abstract class ServerIT {

    @ArquillianResource
    URL baseUrl;
    URI base;
    Api api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return InboxDeployment.war();
    }

    @BeforeEach
    void connectToServer() throws Exception {
        base = baseUrl.toURI();
        api = new Api(base);
    }
}
