package io.securemqtt.certgen;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The directions between certgen's packages (see package-info.java): the command line on top of the
 * PKI model, the model on top of the file store; the model never knows the command line.
 */
@AnalyzeClasses(packages = "io.securemqtt.certgen", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDirectionsTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("program").definedBy(equivalentTo(Main.class))
            .layer("cli").definedBy("io.securemqtt.certgen.cli..")
            .layer("pki").definedBy("io.securemqtt.certgen.pki..")
            .layer("store").definedBy("io.securemqtt.certgen.store..")
            .whereLayer("program").mayNotBeAccessedByAnyLayer()
            .whereLayer("cli").mayOnlyBeAccessedByLayers("program")
            .whereLayer("pki").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("store").mayOnlyBeAccessedByLayers("cli", "pki");

    /** Every layer throws it, so it knows none of them. */
    @ArchTest
    static final ArchRule failureKnowsNoLayer = noClasses().that().belongToAnyOf(CertgenException.class)
            .should().dependOnClassesThat().resideInAPackage("io.securemqtt.certgen..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.securemqtt.certgen.(*)..").should().beFreeOfCycles();
}
