package io.qrfleet.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package layout: features that do not go round in circles, and services that know no HTTP. */
class PackageLayoutTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.qrfleet.gateway");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.qrfleet.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void servicesAndRepositoriesKnowNoHttp() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Service")
                .or()
                .haveSimpleNameEndingWith("Repository")
                .or()
                .haveSimpleName("Janitor")
                .or()
                .haveSimpleNameEndingWith("Listener")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.http..", "org.springframework.web..", "jakarta.servlet..")
                .check(GATEWAY);
    }
}
