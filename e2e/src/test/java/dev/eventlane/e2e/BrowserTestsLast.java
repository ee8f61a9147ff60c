package dev.eventlane.e2e;

import java.util.Arrays;
import java.util.Comparator;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the classes that share the browser tests' services ({@link SharedBrowserPipeline}) after all the others, one
 * after the other, and leaves every other class where it was; set for this module in junit-platform.properties.
 */
public final class BrowserTestsLast implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing(BrowserTestsLast::sharesTheBrowserPipeline));
    }

    private static boolean sharesTheBrowserPipeline(ClassDescriptor test) {
        return test.findRepeatableAnnotations(ExtendWith.class).stream()
                .anyMatch(extendWith -> Arrays.asList(extendWith.value()).contains(SharedBrowserPipeline.class));
    }
}
