package deepdrill.grader.runner;

import deepdrill.grader.Status;
import deepdrill.grader.protocol.TaskRef;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Listens to one launcher run of a single check method and keeps its result. A failure of the
 * enclosing class (a static initialiser that calls missing learner code, say) counts as the task's.
 */
final class TaskListener implements TestExecutionListener {

    private TestExecutionResult testResult;
    private TestExecutionResult containerFailure;
    private boolean discovered;
    private String title;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        discovered = plan.countTestIdentifiers(TestIdentifier::isTest) > 0;
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            testResult = result;
            title = id.getDisplayName();
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && containerFailure == null) {
            containerFailure = result;
        }
    }

    /** The check's display name for the task, or its method name when it did not run. */
    String title(TaskRef task) {
        return title != null ? title : task.method();
    }

    Verdict verdict(TaskRef task) {
        TestExecutionResult result = testResult != null ? testResult : containerFailure;
        if (result == null) {
            String why = discovered ? "it did not run" : "no such check method";
            return new Verdict(Status.ERROR, "internal: check " + task.checkClass() + "#" + task.method() + ": " + why);
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return new Verdict(Status.PASSED, "");
        }
        return result.getThrowable()
                .map(ThrowableClassifier::classify)
                .orElse(new Verdict(Status.ERROR, "aborted without a reason"));
    }
}
