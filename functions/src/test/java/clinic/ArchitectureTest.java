package clinic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import clinic.http.ApiHandler;

/** The layers: domain knows nothing else; the store knows no HTTP; handlers never touch the table. */
@AnalyzeClasses(packages = "clinic", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainNeedsNoAwsNoJsonAndNoOtherLayer = noClasses().that().resideInAPackage("clinic.domain..")
            .should().dependOnClassesThat().resideOutsideOfPackages("clinic.domain..", "java..");

    @ArchTest
    static final ArchRule storeKnowsNothingOfHttp = noClasses().that().resideInAPackage("clinic.store..")
            .should().dependOnClassesThat().resideInAnyPackage("clinic.http..", "com.amazonaws.services.lambda..");

    @ArchTest
    static final ArchRule handlersCallServicesNotTheSdk = noClasses().that().areAssignableTo(ApiHandler.class)
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "clinic.store..");

    @ArchTest
    static final ArchRule httpLayerIsSharedAndKnowsNoResource = noClasses().that().resideInAPackage("clinic.http..")
            .should().dependOnClassesThat().resideInAnyPackage("clinic.store..", "clinic.appointments..",
                    "clinic.availability..", "clinic.timeslots..", "clinic.registration..", "clinic.auth..");

    @ArchTest
    static final ArchRule everyApiHandlerIsAFinalClassWithALambdaAndATestConstructor = classes().that()
            .areAssignableTo(ApiHandler.class).and().doNotHaveModifier(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
            .should().haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
            .andShould().haveSimpleNameNotEndingWith("Handler");

    @ArchTest
    static final ArchRule jsonGoesThroughTheOneMapperInHttp = noClasses().that().resideOutsideOfPackage("clinic.http..")
            .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind.json..")
            .orShould().dependOnClassesThat().areAssignableTo(com.fasterxml.jackson.databind.ObjectMapper.class);

    @ArchTest
    static final ArchRule nothingUsesTheSdksInternalJson = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("software.amazon.awssdk.protocols.jsoncore..", "software.amazon.awssdk.thirdparty..");

    @ArchTest
    static final ArchRule nothingPrintsStackTraces = noClasses().should().callMethod(Throwable.class, "printStackTrace");

    /** One log output, JSON lines through Telemetry: a platform logger would write plain text that no level filter or leak check sees. */
    @ArchTest
    static final ArchRule everyLogLineGoesThroughTelemetry = noClasses().should().callMethod(System.class, "getLogger", String.class)
            .orShould().dependOnClassesThat().resideInAnyPackage("java.util.logging..");
}
