package io.inbox.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules, checked on the compiled classes (so inline fully qualified names cannot slip past): no
 * package cycles; domain and connection code know no transport or server; only the WebSocket adapter touches
 * WebSockets and only the cluster package touches the grid; the protocol knows no session or database.
 */
@AnalyzeClasses(packages = "io.inbox", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] CORE = {"io.inbox.conversation..", "io.inbox.presence..", "io.inbox.delivery..",
        "io.inbox.user..", "io.inbox.connection..", "io.inbox.messaging..", "io.inbox.monitoring..", "io.inbox.platform.."};

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.inbox.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule coreKnowsNoTransportOrServer = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", "jakarta.ws.rs..",
                    "jakarta.servlet..", "fish.payara..", "com.hazelcast..", "org.glassfish..");

    @ArchTest
    static final ArchRule coreDoesNotDependOnAdapters = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.inbox.api..", "io.inbox.websocket..",
                    "io.inbox.persistence..", "io.inbox.cluster..", "io.inbox.health..");

    @ArchTest
    static final ArchRule protocolKnowsNoSessionNorDatabase = noClasses()
            .that().resideInAPackage("io.inbox.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", "jakarta.persistence..",
                    "jakarta.ws.rs..", "io.inbox.conversation..", "io.inbox.connection..", "io.inbox.persistence..",
                    "io.inbox.messaging..", "io.inbox.websocket..");

    @ArchTest
    static final ArchRule onlyTheWebSocketAdapterTouchesWebSockets = noClasses()
            .that().resideOutsideOfPackage("io.inbox.websocket..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.websocket..");

    @ArchTest
    static final ArchRule onlyTheClusterPackageTouchesTheGrid = noClasses()
            .that().resideOutsideOfPackage("io.inbox.cluster..")
            .should().dependOnClassesThat().resideInAPackage("com.hazelcast..");

    @ArchTest
    static final ArchRule monitoringDependsOnNoOtherCapability = noClasses()
            .that().resideInAPackage("io.inbox.monitoring..")
            .should().dependOnClassesThat().resideInAnyPackage("io.inbox.api..", "io.inbox.auth..", "io.inbox.cluster..",
                    "io.inbox.connection..", "io.inbox.conversation..", "io.inbox.delivery..", "io.inbox.health..",
                    "io.inbox.messaging..", "io.inbox.persistence..", "io.inbox.presence..", "io.inbox.protocol..",
                    "io.inbox.user..", "io.inbox.websocket..");
}
