package clinic;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import clinic.http.ApiHandler;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Set;

/**
 * The layers: domain knows nothing else; the store knows no HTTP; handlers never touch the table;
 * no feature package uses another, and no packages depend on each other in a cycle.
 */
@AnalyzeClasses(packages = "clinic", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The packages of the API's resources and the functions around them; each stands on the shared ones alone. */
    static final Set<String> FEATURES = Set.of("appointments", "auth", "availability", "calendar", "directory", "events", "notify",
            "patients", "policy", "registration", "timeslots", "waitlist");

    /**
     * What features share: the domain, the HTTP layer, the store and the timers' scheduler, the
     * offers every opening slot makes (offers), and the views several routes answer with (views).
     * Only the wiring (the root package, App) knows the features.
     */
    static final Set<String> SHARED = Set.of("domain", "http", "store", "schedule", "offers", "views");

    @ArchTest
    static final ArchRule noPackagesDependOnEachOtherInACycle = slices().matching("clinic.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noFeatureUsesAnother = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String[] parts = javaClass.getPackageName().split("\\.");
            return parts.length > 1 && FEATURES.contains(parts[1]) ? SliceIdentifier.of(parts[1]) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "feature packages " + FEATURES;
        }
    }).should().notDependOnEachOther();

    @ArchTest
    static final ArchRule sharedPackagesKnowNoFeature = noClasses().that().resideInAnyPackage(
                    SHARED.stream().map(p -> "clinic." + p + "..").toArray(String[]::new))
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream().map(p -> "clinic." + p + "..").toArray(String[]::new));

    @ArchTest
    static final ArchRule everyPackageIsAFeatureOrShared = classes().that().resideOutsideOfPackage("clinic")
            .should().resideInAnyPackage(java.util.stream.Stream.concat(FEATURES.stream(), SHARED.stream())
                    .map(p -> "clinic." + p + "..").toArray(String[]::new));

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
