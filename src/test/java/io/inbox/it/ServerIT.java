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
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the Arquillian integration tests: the real WAR on a managed Payara Micro (one JVM per test
 * class), driven from outside as a client would.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
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
