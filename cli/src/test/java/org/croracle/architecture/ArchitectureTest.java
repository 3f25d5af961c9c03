package org.croracle.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the project, checked on the compiled classes of every module (the CLI
 * module sees them all):
 * <ul>
 *   <li>the data flow goes one way: scenario -> syscall -> the call packages -> kernel, and the
 *       simulated kernel knows nothing of the specs (model) or of the oracle;</li>
 *   <li>{@code kernel} is state and vocabulary only and imports no other impl package;</li>
 *   <li>no package cycle in impl or in the oracle;</li>
 *   <li>the oracle and the CLI use the kernel through a small public surface (kernel, syscall,
 *       image, restart, scenario), never the call packages behind it; only the semantic mutants
 *       reach inside, since each replaces one of the kernel's strategies with a broken one.</li>
 * </ul>
 * A rule that cannot fail proves nothing: {@link #theCycleRuleRejectsAPlantedCycle} runs the
 * same cycle rule on two test packages that import each other.
 */
class ArchitectureTest {

    /** The packages of impl that the oracle and the CLI may use. */
    static final String[] PUBLIC_SURFACE = {"org.croracle.impl.kernel..", "org.croracle.impl.syscall..",
            "org.croracle.impl.image..", "org.croracle.impl.restart..", "org.croracle.impl.scenario.."};

    /** The packages of impl below syscall: each holds the calls of one subsystem. */
    static final String[] CALL_PACKAGES = {"org.croracle.impl.process..", "org.croracle.impl.pid..",
            "org.croracle.impl.freezer..", "org.croracle.impl.fs..", "org.croracle.impl.mm..",
            "org.croracle.impl.signal..", "org.croracle.impl.checkpoint..", "org.croracle.impl.restart..",
            "org.croracle.impl.image..", "org.croracle.impl.objects.."};

    static JavaClasses project;

    @BeforeAll
    static void importProject() {
        project = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.croracle");
    }

    /** No cycle between the sub-packages directly under {@code root} (a sub-package's own sub-packages count as it). */
    static ArchRule noCyclesBelow(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    static void holds(ArchRule rule) {
        EvaluationResult result = rule.evaluate(project);
        assertFalse(result.hasViolation(), () -> String.join("\n", result.getFailureReport().getDetails()));
    }

    @Test
    void theProjectHasClassesToCheck() {
        // An importer that found nothing would make every rule below hold.
        assertTrue(project.containPackage("org.croracle.impl.kernel"), "impl's classes were not found");
        assertTrue(project.containPackage("org.croracle.oracle.trace"), "oracle's classes were not found");
        assertTrue(project.containPackage("org.croracle.cli"), "cli's classes were not found");
    }

    @Test
    void implHasNoPackageCycle() {
        holds(noCyclesBelow("org.croracle.impl"));
    }

    @Test
    void theOracleHasNoPackageCycle() {
        holds(noCyclesBelow("org.croracle.oracle"));
    }

    @Test
    void theKernelPackageImportsNoOtherImplPackage() {
        holds(noClasses().that().resideInAPackage("org.croracle.impl.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("org.croracle.impl.process..", "org.croracle.impl.pid..",
                        "org.croracle.impl.freezer..", "org.croracle.impl.fs..", "org.croracle.impl.mm..",
                        "org.croracle.impl.signal..", "org.croracle.impl.checkpoint..", "org.croracle.impl.restart..",
                        "org.croracle.impl.image..", "org.croracle.impl.objects..", "org.croracle.impl.syscall..",
                        "org.croracle.impl.scenario.."));
    }

    @Test
    void theCallPackagesDoNotReachUpToTheSyscallTableOrTheScenarios() {
        holds(noClasses().that().resideInAnyPackage(CALL_PACKAGES)
                .should().dependOnClassesThat().resideInAnyPackage("org.croracle.impl.syscall..", "org.croracle.impl.scenario.."));
        holds(noClasses().that().resideInAPackage("org.croracle.impl.syscall..")
                .should().dependOnClassesThat().resideInAPackage("org.croracle.impl.scenario.."));
    }

    @Test
    void theSimulatedKernelKnowsNothingOfTheSpecsOrTheOracle() {
        holds(noClasses().that().resideInAPackage("org.croracle.impl..")
                .should().dependOnClassesThat().resideInAnyPackage("org.croracle.model..", "org.croracle.oracle..",
                        "org.croracle.cli..", "tlc2..", "tla2sany.."));
        holds(noClasses().that().resideInAPackage("org.croracle.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.croracle.impl..", "org.croracle.oracle..",
                        "org.croracle.cli.."));
    }

    @Test
    void theOracleAndTheCliUseOnlyTheKernelsPublicSurface() {
        holds(noClasses().that().resideInAnyPackage("org.croracle.oracle..", "org.croracle.cli..")
                .and().resideOutsideOfPackage("org.croracle.oracle.mutants..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.and(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("org.croracle.impl.."),
                        com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(PUBLIC_SURFACE)))));
    }

    @Test
    void theCycleRuleRejectsAPlantedCycle() {
        JavaClasses planted = new ClassFileImporter().importPackages("org.croracle.architecture.plantedcycle");
        assertTrue(planted.size() >= 2, "the planted cycle's classes were not found");
        EvaluationResult result = noCyclesBelow("org.croracle.architecture.plantedcycle").evaluate(planted);
        assertTrue(result.hasViolation(), "a cycle alpha -> beta -> alpha was not reported");
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains("alpha") && report.contains("beta"), report);
    }
}
