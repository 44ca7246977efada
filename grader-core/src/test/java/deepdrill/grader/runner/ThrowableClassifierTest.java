package deepdrill.grader.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import deepdrill.grader.Status;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ThrowableClassifierTest {

    @Test
    void theStubsExceptionIsNotImplementedEvenWhenWrapped() {
        UnsupportedOperationException stub = new UnsupportedOperationException("Not implemented yet: Conv2d.forward");
        assertEquals(Status.NOT_IMPLEMENTED, ThrowableClassifier.classify(stub).status());
        assertEquals(Status.NOT_IMPLEMENTED,
                ThrowableClassifier.classify(new AssertionFailedError("expected IAE", stub)).status());
    }

    @Test
    void anotherUnsupportedOperationIsAnError() {
        assertEquals(Status.ERROR, ThrowableClassifier.classify(new UnsupportedOperationException("immutable")).status());
    }

    @Test
    void assertionsFailAndStackOverflowsCrash() {
        assertEquals(Status.FAILED, ThrowableClassifier.classify(new AssertionFailedError("wrong")).status());
        Verdict overflow = ThrowableClassifier.classify(new StackOverflowError());
        assertEquals(Status.CRASHED, overflow.status());
        assertTrue(overflow.message().startsWith("stack overflow"));
    }

    @Test
    void aChangedSignatureSaysToKeepTheStubs() {
        Verdict v = ThrowableClassifier.classify(new NoSuchMethodError("deepdrill.week3.Conv2d.forward"));
        assertEquals(Status.ERROR, v.status());
        assertTrue(v.message().contains("Keep the class names and method signatures"), v.message());
    }

    @Test
    void otherExceptionsAreErrorsWithTheirType() {
        Verdict v = ThrowableClassifier.classify(new ArrayIndexOutOfBoundsException("Index 5 out of bounds for length 5"));
        assertEquals(Status.ERROR, v.status());
        assertTrue(v.message().startsWith("java.lang.ArrayIndexOutOfBoundsException: Index 5"), v.message());
    }
}
