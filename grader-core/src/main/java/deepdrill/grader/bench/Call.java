package deepdrill.grader.bench;

/** One call of a contender on inputs prepared beforehand; the result is handed to JMH's sink. */
@FunctionalInterface
public interface Call {
    Object run();
}
