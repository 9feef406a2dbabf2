package io.inbox.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The real WAR that {@code mvn package} built, deployed as ROOT.war so it is served at "/". */
public final class InboxDeployment {
    private InboxDeployment() {
    }

    public static WebArchive war() {
        File war = new File(System.getProperty("inbox.war", "target/inbox.war"));
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }
}
