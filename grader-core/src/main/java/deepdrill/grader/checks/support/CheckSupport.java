package deepdrill.grader.checks.support;

import ai.djl.ndarray.NDManager;
import deepdrill.grader.oracle.TorchOracle;
import java.util.Random;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link ExerciseCheck}: what every task needs, handed to its
 * {@code @Test} method as parameters.
 *
 * <ul>
 *   <li>{@link Random}: the task's own seeded stream ({@link CheckContext#random}), so that the same
 *       {@code --seed} replays the same inputs and adding a case to one task leaves the others'
 *       inputs alone;</li>
 *   <li>{@link NDManager}: a manager on the oracle's device, closed when the task ends, so that
 *       native memory is freed task by task.</li>
 * </ul>
 *
 * <p>Handing the learner's code its inputs is {@link Guarded}'s job.
 */
public final class CheckSupport implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CheckSupport.class);
    private static final String MANAGER = "manager";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Random.class || type == NDManager.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Random.class) {
            return CheckContext.random(context.getRequiredTestMethod().getName());
        }
        return context.getStore(NAMESPACE).computeIfAbsent(MANAGER, key -> TorchOracle.newManager(), NDManager.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        NDManager manager = context.getStore(NAMESPACE).remove(MANAGER, NDManager.class);
        if (manager != null) {
            manager.close();
        }
    }
}
