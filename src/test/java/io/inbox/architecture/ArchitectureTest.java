package io.inbox.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules: domain code knows no transport or server, and the protocol knows no session or database. */
@AnalyzeClasses(packages = "io.inbox", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainKnowsNoTransportOrServer = noClasses()
            .that().resideInAnyPackage("io.inbox.conversation..", "io.inbox.presence..", "io.inbox.delivery..",
                    "io.inbox.user..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", "jakarta.ws.rs..",
                    "fish.payara..", "com.hazelcast..", "org.glassfish..");

    @ArchTest
    static final ArchRule protocolKnowsNoSessionNorDatabase = noClasses()
            .that().resideInAPackage("io.inbox.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", "jakarta.persistence..",
                    "jakarta.ws.rs..", "io.inbox.conversation..", "io.inbox.connection..", "io.inbox.persistence..");

    @ArchTest
    static final ArchRule onlyTheConnectionPackageTouchesWebSockets = noClasses()
            .that().resideOutsideOfPackage("io.inbox.connection..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.websocket..");

    @ArchTest
    static final ArchRule domainDoesNotDependOnAdapters = noClasses()
            .that().resideInAnyPackage("io.inbox.conversation..", "io.inbox.user..", "io.inbox.delivery..")
            .should().dependOnClassesThat().resideInAnyPackage("io.inbox.api..", "io.inbox.connection..",
                    "io.inbox.persistence..");
}
