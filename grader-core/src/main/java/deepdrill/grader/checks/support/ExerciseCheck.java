package deepdrill.grader.checks.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class as the hidden check of one exercise and wires {@link CheckSupport} into it, so
 * that its {@code @Test} methods (the exercise's tasks, graded in the order they are declared) can
 * take a seeded {@link java.util.Random} and an oracle {@link ai.djl.ndarray.NDManager} as
 * parameters.
 *
 * <p>Which exercise a check belongs to follows from its name: the exercise file
 * {@code deepdrill/week3/ZeroPad.java} is checked by {@code deepdrill.grader.checks.week3.ZeroPadCheck}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CheckSupport.class)
public @interface ExerciseCheck {
}
